package io.logto.db.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class PlannerPropertiesTest {
  private static final List<String> RELEASES = List.of("0.1.0", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0-rc.0",
      "1.0.0", "1.0.1", "1.2.0", "1.10.0");
  /** Targets: the releases above plus versions between and around them. */
  private static final List<String> TARGETS = List.of("0.0.1", "0.1.0", "0.5.0", "1.0.0-beta.2", "1.0.0-beta.10",
      "1.0.0-rc.0", "1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.10.0", "99.0.0");

  /** One script: its version and whether it has a down section. */
  record Script(AlterationVersion version, boolean reversible) {}

  private static Arbitrary<AlterationVersion> scriptVersions() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(RELEASES).map(History::version)),
        Tuple.of(1, Arbitraries.just(AlterationVersion.NEXT)));
  }

  /** Timestamps: increasing, some with fractions, with gaps. */
  private static List<Alteration> build(List<Script> scripts, List<BigDecimal> steps) {
    List<Alteration> alterations = new ArrayList<>();
    BigDecimal ts = new BigDecimal("1700000000");
    for (int i = 0; i < scripts.size(); i++) {
      ts = ts.add(steps.get(i % steps.size()));
      alterations.add(History.alteration(scripts.get(i).version(), ts, scripts.get(i).reversible()));
    }
    return List.copyOf(alterations);
  }

  private static Arbitrary<List<BigDecimal>> steps() {
    return Arbitraries.of(new BigDecimal("0.1"), new BigDecimal("0.5"), BigDecimal.ONE, new BigDecimal("60"))
        .list().ofMinSize(1).ofMaxSize(5);
  }

  /** Any history: versions in any timestamp order, some irreversible. */
  @Provide
  Arbitrary<List<Alteration>> histories() {
    Arbitrary<Script> script = Combinators.combine(scriptVersions(), Arbitraries.frequency(Tuple.of(9, true),
        Tuple.of(1, false))).as(Script::new);
    return Combinators.combine(script.list().ofMaxSize(10), steps()).as(PlannerPropertiesTest::build);
  }

  /** Well-formed histories: versions never go down as timestamps go up; every script reversible. */
  @Provide
  Arbitrary<List<Alteration>> orderedHistories() {
    Arbitrary<List<Script>> scripts = scriptVersions().list().ofMaxSize(10)
        .map(vs -> vs.stream().sorted().map(v -> new Script(v, true)).toList());
    return Combinators.combine(scripts, steps()).as(PlannerPropertiesTest::build);
  }

  @Provide
  Arbitrary<Version> targetVersions() {
    return Arbitraries.of(TARGETS).map(Version::parse);
  }

  @Provide
  Arbitrary<Target> targets() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(new Target.Latest())),
        Tuple.of(1, Arbitraries.just(new Target.Next())),
        Tuple.of(4, targetVersions().map(Target.Exact::new)));
  }

  /** A state: 0, a timestamp of the history, or half-way past one. */
  private static BigDecimal state(List<Alteration> history, int pick, boolean between) {
    if (history.isEmpty() || pick % (history.size() + 1) == 0) {
      return BigDecimal.ZERO;
    }
    int index = pick % (history.size() + 1) - 1;
    BigDecimal ts = history.get(index).timestamp();
    if (between && index + 1 < history.size()) {
      return ts.add(history.get(index + 1).timestamp()).divide(BigDecimal.valueOf(2));
    }
    return ts;
  }

  /** Runs a rollback plan the way the runner does: revert each, then record its stateAfter. */
  private static BigDecimal revert(RollbackPlan plan, BigDecimal state) {
    BigDecimal current = state;
    for (Alteration alteration : plan.alterations()) {
      assertThat(Planner.nextToRevert(plan, current)).contains(alteration);
      current = plan.stateAfter(alteration);
    }
    assertThat(Planner.nextToRevert(plan, current)).isEmpty();
    return current;
  }

  /** Runs a deploy plan: apply each, then record its timestamp. */
  private static BigDecimal apply(DeployPlan plan, BigDecimal state) {
    BigDecimal current = state;
    for (Alteration alteration : plan.alterations()) {
      assertThat(Planner.nextToDeploy(plan, current)).contains(alteration);
      current = alteration.timestamp();
    }
    assertThat(Planner.nextToDeploy(plan, current)).isEmpty();
    return current;
  }

  // (a) deploy to V then roll back to U <= V leaves exactly the scripts at or below U applied

  @Property
  void deployThenRollbackLeavesExactlyScriptsAtOrBelowTarget(@ForAll("orderedHistories") List<Alteration> history,
      @ForAll("targetVersions") Version a, @ForAll("targetVersions") Version b) {
    Version u = a.compareTo(b) <= 0 ? a : b;
    Version v = a.compareTo(b) <= 0 ? b : a;
    DeployPlan deploy = Planner.deploy(history, BigDecimal.ZERO, new Target.Exact(v));
    BigDecimal deployed = apply(deploy, BigDecimal.ZERO);
    assertThat(Planner.applied(history, deployed)).containsExactlyElementsOf(
        history.stream().filter(x -> x.version().isAtOrBelow(v)).toList());

    RollbackPlan rollback = Planner.rollback(history, deployed, u);
    BigDecimal finalState = revert(rollback, deployed);
    assertThat(Planner.applied(history, finalState)).containsExactlyElementsOf(
        history.stream().filter(x -> x.version().isAtOrBelow(u)).toList());
  }

  @Property
  void deployThenRollbackOnAnyHistoryEitherRefusesOrIsExact(@ForAll("histories") List<Alteration> history,
      @ForAll("targetVersions") Version a, @ForAll("targetVersions") Version b) {
    Version u = a.compareTo(b) <= 0 ? a : b;
    Version v = a.compareTo(b) <= 0 ? b : a;
    BigDecimal deployed;
    try {
      deployed = apply(Planner.deploy(history, BigDecimal.ZERO, new Target.Exact(v)), BigDecimal.ZERO);
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
      assertThat(e.getMessage()).startsWith("Cannot deploy to " + v);
      return;
    }
    RollbackPlan rollback;
    try {
      rollback = Planner.rollback(history, deployed, u);
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
      assertThat(e.getMessage()).startsWith("Cannot roll back to " + u);
      return;
    }
    assertThat(rollback.alterations()).allMatch(Alteration::isReversible);
    BigDecimal finalState = revert(rollback, deployed);
    assertThat(Planner.applied(history, finalState)).containsExactlyElementsOf(
        history.stream().filter(x -> x.version().isAtOrBelow(u)).toList());
  }

  // (b) a deploy plan is a prefix of the pending list in timestamp order

  @Property
  void deployPlanIsAPrefixOfPending(@ForAll("histories") List<Alteration> history, @ForAll("targets") Target target,
      @ForAll int pick, @ForAll boolean between) {
    BigDecimal state = state(history, Math.abs(pick % 1000), between);
    List<Alteration> pending = Planner.pending(history, state);
    DeployPlan plan;
    try {
      plan = Planner.deploy(history, state, target);
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
      assertThat(target).isNotInstanceOf(Target.Next.class);
      return;
    }
    assertThat(plan.alterations()).containsExactlyElementsOf(pending.subList(0, plan.alterations().size()));
    List<Alteration> all = new ArrayList<>(plan.alterations());
    all.addAll(plan.leftPending());
    assertThat(all).containsExactlyElementsOf(pending);
    assertThat(plan.alterations()).isSortedAccordingTo((x, y) -> x.timestamp().compareTo(y.timestamp()));
    if (target instanceof Target.Next) {
      assertThat(plan.leftPending()).isEmpty();
      assertThat(plan.target()).contains("next");
    } else {
      Optional<Version> limit = target instanceof Target.Exact exact ? Optional.of(exact.version())
          : Planner.pendingVersions(history, state).stream().findFirst();
      assertThat(plan.target()).isEqualTo(limit.map(Version::toString));
      Version max = limit.orElse(null);
      assertThat(plan.alterations()).allMatch(x -> max != null && x.version().isAtOrBelow(max));
      assertThat(plan.leftPending()).noneMatch(x -> max != null && x.version().isAtOrBelow(max));
    }
  }

  // (c) nextToDeploy / nextToRevert agree with the plans from any state

  @Property
  void nextStepsAreConsistentWithPlans(@ForAll("histories") List<Alteration> history, @ForAll("targets") Target target,
      @ForAll("targetVersions") Version rollbackTo, @ForAll int pick, @ForAll boolean between) {
    BigDecimal state = state(history, Math.abs(pick % 1000), between);
    try {
      DeployPlan plan = Planner.deploy(history, state, target);
      BigDecimal after = apply(plan, state);
      assertThat(Planner.nextToDeploy(plan, state)).isEqualTo(plan.alterations().stream().findFirst());
      // replanning from the reached state finds nothing more for that target
      if (!(target instanceof Target.Latest)) {
        assertThat(Planner.deploy(history, after, target).alterations()).isEmpty();
      }
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
    }
    try {
      RollbackPlan plan = Planner.rollback(history, state, rollbackTo);
      assertThat(plan.alterations()).isSortedAccordingTo((x, y) -> y.timestamp().compareTo(x.timestamp()));
      assertThat(plan.alterations()).allMatch(x -> x.isAppliedAt(state) && !x.version().isAtOrBelow(rollbackTo));
      BigDecimal after = revert(plan, state);
      assertThat(Planner.nextToRevert(plan, state)).isEqualTo(plan.alterations().stream().findFirst());
      assertThat(Planner.rollback(history, after, rollbackTo).alterations()).isEmpty();
      assertThat(Planner.applied(history, after)).allMatch(x -> x.version().isAtOrBelow(rollbackTo));
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
    }
  }

  /** The next step at any state (also one another deployer moved) is the first match of a plain scan. */
  @Property
  void nextStepsMatchALinearScanAtAnyState(@ForAll("histories") List<Alteration> history,
      @ForAll("targets") Target target, @ForAll("targetVersions") Version rollbackTo, @ForAll int pick,
      @ForAll int later, @ForAll boolean between) {
    BigDecimal state = state(history, Math.abs(pick % 1000), between);
    BigDecimal moved = state(history, Math.abs(later % 1000), !between);
    try {
      DeployPlan plan = Planner.deploy(history, state, target);
      for (BigDecimal at : List.of(state, moved)) {
        assertThat(Planner.nextToDeploy(plan, at))
            .isEqualTo(plan.alterations().stream().filter(x -> !x.isAppliedAt(at)).findFirst());
      }
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
    }
    try {
      RollbackPlan plan = Planner.rollback(history, state, rollbackTo);
      for (BigDecimal at : List.of(state, moved)) {
        assertThat(Planner.nextToRevert(plan, at))
            .isEqualTo(plan.alterations().stream().filter(x -> x.isAppliedAt(at)).findFirst());
      }
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
    }
  }
}
