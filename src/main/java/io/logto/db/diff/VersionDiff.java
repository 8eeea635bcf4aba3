package io.logto.db.diff;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.check.CheckListener;
import io.logto.db.check.PlanRunner;
import io.logto.db.check.ScratchServer;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Target;
import io.logto.db.snapshot.Difference;
import io.logto.db.snapshot.Snapshot;
import io.logto.db.snapshot.SnapshotDiff;
import io.logto.db.snapshot.SnapshotReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The schema change between two versions of a history: on a scratch database, deploy to the
 * first version and snapshot; then deploy (upgrade) or roll back (downgrade) version by version to
 * the second, snapshotting after each; compare the first snapshot with the last, and each
 * difference with the steps to name the versions that made it. Everything is planned first, with
 * the real planner, so what {@code deploy} or {@code rollback} would refuse (a script declared
 * irreversible, versions out of order) is refused before a scratch server starts, in their words.
 */
public final class VersionDiff {
  /** One step of the plan: the version it deploys or reverts, and how. */
  private record Step(String version, Optional<DeployPlan> deploy, Optional<RollbackPlan> rollback) {
    List<Alteration> alterations() {
      return deploy.map(DeployPlan::alterations).orElseGet(() -> rollback.orElseThrow().alterations());
    }
  }

  /**
   * What the diff will do: the direction, the versions as the user meant them, the deploy that
   * builds the first version, and the steps to the second ({@code attributed}: one step per
   * version; otherwise one step for all, when the history cannot be walked version by version).
   */
  public static final class Plan {
    private final SchemaDiff.Mode mode;
    private final AlterationVersion from;
    private final AlterationVersion to;
    private final DeployPlan build;
    private final List<Step> steps;
    private final boolean attributed;

    private Plan(SchemaDiff.Mode mode, AlterationVersion from, AlterationVersion to, DeployPlan build,
        List<Step> steps, boolean attributed) {
      this.mode = mode;
      this.from = from;
      this.to = to;
      this.build = build;
      this.steps = List.copyOf(steps);
      this.attributed = attributed;
    }

    public SchemaDiff.Mode mode() {
      return mode;
    }

    public String from() {
      return from.toString();
    }

    public String to() {
      return to.toString();
    }
  }

  private VersionDiff() {}

  /**
   * Plans the diff from {@code from} to {@code to} (default: the newest released version): versions
   * as users type them, {@code next}, {@code latest}, and {@code 0.0.0} for an empty database. Pure.
   */
  public static Plan plan(List<Alteration> alterations, String from, Optional<String> to) {
    AlterationVersion start = parse(from, alterations);
    AlterationVersion end = to.map(t -> parse(t, alterations)).orElseGet(() -> newestRelease(alterations)
        .map(AlterationVersion::of).orElseThrow(() -> LogtoException.usage("Cannot tell which version to compare "
            + from + " with: " + (alterations.isEmpty() ? "there are no alterations" : "no alteration has a released"
            + " version") + ". Pass the second version, for example `logto db alteration diff " + from + " next`.")));
    DeployPlan build = Planner.deploy(alterations, BigDecimal.ZERO, target(start));
    BigDecimal state = stateAfter(build, BigDecimal.ZERO);
    int order = start.compareTo(end);
    if (order == 0) {
      return new Plan(SchemaDiff.Mode.SAME, start, end, build, List.of(), true);
    }
    if (order < 0) {
      return upgrade(alterations, start, end, build, state);
    }
    return downgrade(alterations, start, end, build, state);
  }

  /** An upgrade, version by version; one step for all when a version cannot be a target of its own. */
  private static Plan upgrade(List<Alteration> alterations, AlterationVersion start, AlterationVersion end,
      DeployPlan build, BigDecimal state) {
    DeployPlan all = Planner.deploy(alterations, state, target(end));
    List<Step> steps = new ArrayList<>();
    try {
      BigDecimal at = state;
      for (AlterationVersion version : all.alterations().stream().map(Alteration::version).distinct().toList()) {
        DeployPlan step = Planner.deploy(alterations, at, target(version));
        steps.add(new Step(version.toString(), Optional.of(step), Optional.empty()));
        at = stateAfter(step, at);
      }
    } catch (LogtoException e) {
      return new Plan(SchemaDiff.Mode.UPGRADE, start, end, build,
          List.of(new Step(end.toString(), Optional.of(all), Optional.empty())), false);
    }
    return new Plan(SchemaDiff.Mode.UPGRADE, start, end, build, steps, true);
  }

  /** A downgrade, version by version; one step for all when a version cannot be a target of its own. */
  private static Plan downgrade(List<Alteration> alterations, AlterationVersion start, AlterationVersion end,
      DeployPlan build, BigDecimal state) {
    Version lower = end.release().orElseThrow();
    RollbackPlan all = Planner.rollback(alterations, state, lower);
    List<AlterationVersion> reverted = all.alterations().stream().map(Alteration::version).distinct().toList();
    List<Step> steps = new ArrayList<>();
    try {
      BigDecimal at = state;
      for (int i = 0; i < reverted.size(); i++) {
        Version target = i + 1 < reverted.size() ? reverted.get(i + 1).release().orElseThrow() : lower;
        RollbackPlan step = Planner.rollback(alterations, at, target);
        steps.add(new Step(reverted.get(i).toString(), Optional.empty(), Optional.of(step)));
        at = step.alterations().isEmpty() ? at : step.stateAfter(step.alterations().get(step.alterations().size() - 1));
      }
    } catch (LogtoException e) {
      return new Plan(SchemaDiff.Mode.DOWNGRADE, start, end, build,
          List.of(new Step(start.toString(), Optional.empty(), Optional.of(all))), false);
    }
    return new Plan(SchemaDiff.Mode.DOWNGRADE, start, end, build, steps, true);
  }

  /**
   * Runs {@code plan} on a scratch database of the server {@code servers} gives (started only when
   * there is something to compare), through {@code runner}.
   */
  public static SchemaDiff run(List<Alteration> alterations, Plan plan, Supplier<ScratchServer> servers,
      PlanRunner runner, boolean strictColumnOrder, CheckListener listener) {
    long started = System.nanoTime();
    List<SchemaDiff.Step> steps = plan.steps.stream()
        .map(s -> new SchemaDiff.Step(s.version(), s.alterations())).toList();
    if (plan.mode == SchemaDiff.Mode.SAME || plan.steps.stream().allMatch(s -> s.alterations().isEmpty())) {
      return new SchemaDiff(plan.mode, plan.from(), plan.to(), steps, List.of(), List.of(), SchemaDiff.NOT_BUILT,
          Duration.ofNanos(System.nanoTime() - started));
    }
    List<String> notes = new ArrayList<>();
    if (!plan.attributed) {
      notes.add("The versions in between cannot be " + (plan.mode == SchemaDiff.Mode.UPGRADE ? "deployed" : "rolled"
          + " back") + " one by one, so the changes are not attributed to versions");
    }
    try (ScratchServer server = servers.get()) {
      server.onWarning(listener::info);
      Scratch scratch = new Scratch(server, runner, listener, "diff");
      try (Database database = server.open(server.createDatabase())) {
        if (!plan.build.alterations().isEmpty()) {
          scratch.deploy(database, alterations, plan.build, "deploy to " + plan.from());
        }
        List<Snapshot> snapshots = new ArrayList<>();
        snapshots.add(SnapshotReader.read(database));
        for (Step step : plan.steps) {
          if (step.deploy().isPresent()) {
            scratch.deploy(database, alterations, step.deploy().get(), "deploy to " + step.version());
          } else {
            scratch.rollback(database, alterations, step.rollback().get(), "roll back " + step.version());
          }
          snapshots.add(SnapshotReader.read(database));
        }
        List<SchemaDiff.Change> changes = attribute(
            SnapshotDiff.compare(snapshots.get(0), snapshots.get(snapshots.size() - 1), strictColumnOrder),
            snapshots, plan.attributed ? steps : List.of(), strictColumnOrder);
        return new SchemaDiff(plan.mode, plan.from(), plan.to(), steps, changes, notes, server.description(),
            Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  /**
   * Each difference with the versions whose step changed the same part of the same object (for a
   * whole object added or removed, any part of it).
   */
  private static List<SchemaDiff.Change> attribute(List<Difference> differences, List<Snapshot> snapshots,
      List<SchemaDiff.Step> steps, boolean strictColumnOrder) {
    List<Set<String>> touched = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Set<String> keys = new HashSet<>();
      for (Difference d : SnapshotDiff.compare(snapshots.get(i), snapshots.get(i + 1), strictColumnOrder)) {
        keys.add(d.object() + "\u0000" + d.part());
        keys.add(d.object());
      }
      touched.add(keys);
    }
    List<SchemaDiff.Change> changes = new ArrayList<>();
    for (Difference difference : differences) {
      String key = difference.part().isEmpty() ? difference.object()
          : difference.object() + "\u0000" + difference.part();
      List<String> versions = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if (touched.get(i).contains(key)) {
          versions.add(steps.get(i).version());
        }
      }
      changes.add(new SchemaDiff.Change(difference, versions));
    }
    return changes;
  }

  static AlterationVersion parse(String text, List<Alteration> alterations) {
    String trimmed = text.trim();
    if (trimmed.equals(AlterationVersion.NEXT_TAG)) {
      return AlterationVersion.NEXT;
    }
    if (trimmed.equals("latest")) {
      return AlterationVersion.of(newestRelease(alterations).orElseThrow(() -> LogtoException.usage("There is no"
          + " latest version: no alteration has a released version. Pass a version, next, or 0.0.0.")));
    }
    return AlterationVersion.of(Target.parseVersion(text));
  }

  private static Optional<Version> newestRelease(List<Alteration> alterations) {
    return alterations.stream().map(a -> a.version().release()).flatMap(Optional::stream).max(Version::compareTo);
  }

  private static Target target(AlterationVersion version) {
    return version.release().<Target>map(Target.Exact::new).orElseGet(Target.Next::new);
  }

  private static BigDecimal stateAfter(DeployPlan plan, BigDecimal state) {
    return plan.alterations().isEmpty() ? state : plan.alterations().get(plan.alterations().size() - 1).timestamp();
  }
}
