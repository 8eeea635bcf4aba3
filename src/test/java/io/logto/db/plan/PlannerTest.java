package io.logto.db.plan;

import static io.logto.db.plan.History.alteration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  /** Pre-releases, two scripts in one version (one with a fractional timestamp), a gap (no 1.2.0), next. */
  static final List<Alteration> HISTORY = List.of(
      alteration("1.0.0-rc.0", "100", "a"),
      alteration("1.0.0-rc.1", "200", "b"),
      alteration("1.0.0", "300", "c"),
      alteration("1.1.0", "400", "d"),
      alteration("1.1.0", "400.5", "e"),
      alteration("1.3.0", "500", "f"),
      alteration("next", "600", "g"),
      alteration("next", "700", "h"));

  private static BigDecimal ts(String text) {
    return new BigDecimal(text);
  }

  private static List<String> names(List<Alteration> alterations) {
    return alterations.stream().map(Alteration::name).toList();
  }

  private static List<String> chars(String names) {
    return names.isEmpty() ? List.of() : Arrays.asList(names.split(""));
  }

  // ---- deploy ----

  static Stream<Arguments> deployCases() {
    return Stream.of(
        // state, target, planned, left pending, resolved label
        Arguments.of("0", "1.0.0", "abc", "defgh", "1.0.0"),
        Arguments.of("0", "1.0.0-rc.1", "ab", "cdefgh", "1.0.0-rc.1"),
        Arguments.of("0", "1.0.0_rc.0", "a", "bcdefgh", "1.0.0-rc.0"),
        Arguments.of("0", "1.0.0-beta.1", "", "abcdefgh", "1.0.0-beta.1"),
        Arguments.of("0", "v1.1.0", "abcde", "fgh", "1.1.0"),
        Arguments.of("0", "1.2.0", "abcde", "fgh", "1.2.0"),         // in the gap
        Arguments.of("0", "1.3.0", "abcdef", "gh", "1.3.0"),
        Arguments.of("0", "9.0.0", "abcdef", "gh", "9.0.0"),         // above all released: next stays pending
        Arguments.of("0", "latest", "abcdef", "gh", "1.3.0"),
        Arguments.of("0", "next", "abcdefgh", "", "next"),
        Arguments.of("300", "1.1.0", "de", "fgh", "1.1.0"),          // state in the middle
        Arguments.of("300", "1.0.0", "", "defgh", "1.0.0"),          // target already reached
        Arguments.of("300", "0.1.0", "", "defgh", "0.1.0"),          // target below the state
        Arguments.of("350", "latest", "def", "gh", "1.3.0"),         // state between timestamps
        Arguments.of("400", "1.1.0", "e", "fgh", "1.1.0"),           // only the fractional one left
        Arguments.of("400.2", "latest", "ef", "gh", "1.3.0"),
        Arguments.of("400.5", "1.1.0", "", "fgh", "1.1.0"),
        Arguments.of("500", "latest", "", "gh", null),               // only next pending: nothing released
        Arguments.of("500", "next", "gh", "", "next"),
        Arguments.of("650", "next", "h", "", "next"),
        Arguments.of("700", "latest", "", "", null),                 // nothing pending
        Arguments.of("700", "next", "", "", "next"),
        Arguments.of("700", "1.0.0", "", "", "1.0.0"));
  }

  @ParameterizedTest(name = "state {0} deploy {1} -> [{2}] left [{3}]")
  @MethodSource("deployCases")
  void deploy(String state, String target, String planned, String left, String label) {
    DeployPlan plan = Planner.deploy(HISTORY, ts(state), Target.parse(target));
    assertThat(names(plan.alterations())).containsExactlyElementsOf(chars(planned));
    assertThat(names(plan.leftPending())).containsExactlyElementsOf(chars(left));
    assertThat(plan.target()).isEqualTo(Optional.ofNullable(label));
  }

  @Test
  void deployRefusesADatabaseAheadOfTheTool() {
    for (Target target : List.of(Target.parse("latest"), Target.parse("next"), Target.parse("1.0.0"))) {
      assertThatThrownBy(() -> Planner.deploy(HISTORY, ts("700.1"), target))
          .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED))
          .hasMessageContaining("ahead of this tool")
          .hasMessageContaining("700.1")
          .hasMessageContaining("next-700-h.sql");
    }
  }

  @Test
  void emptyHistoryWithStateIsAhead() {
    assertThatThrownBy(() -> Planner.deploy(List.of(), ts("1"), new Target.Latest()))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED))
        .hasMessageContaining("ships no alterations");
    DeployPlan plan = Planner.deploy(List.of(), BigDecimal.ZERO, new Target.Latest());
    assertThat(plan.alterations()).isEmpty();
    assertThat(plan.target()).isEmpty();
  }

  @Test
  void stateWithTrailingZerosIsTheSameState() {
    DeployPlan plan = Planner.deploy(HISTORY, ts("400.50"), Target.parse("latest"));
    assertThat(names(plan.alterations())).containsExactly("f");
  }

  @Test
  void deployOutOfOrderIsAnError() {
    // a 1.2.0 script is newer than a pending 1.3.0 one: deploying 1.2.0 would mark 1.3.0 as applied
    List<Alteration> history = List.of(
        alteration("1.1.0", "100", "a"),
        alteration("1.3.0", "200", "b"),
        alteration("1.2.0", "300", "c"));
    assertThatThrownBy(() -> Planner.deploy(history, ts("100"), Target.parse("1.2.0")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Cannot deploy to 1.2.0")
        .hasMessageContaining("1.2.0-300-c.sql is newer than 1.3.0-200-b.sql")
        .hasMessageContaining("Deploy to 1.3.0");
    // deploying up to 1.3.0 (or latest) covers both and is fine
    assertThat(names(Planner.deploy(history, ts("100"), Target.parse("latest")).alterations())).containsExactly("b", "c");
    assertThat(names(Planner.deploy(history, ts("100"), Target.parse("1.3.0")).alterations())).containsExactly("b", "c");
    // deploying 1.1.0 plans nothing and is fine too
    assertThat(Planner.deploy(history, ts("100"), Target.parse("1.1.0")).alterations()).isEmpty();
  }

  @Test
  void deployLatestBehindAnOlderNextScriptIsAnError() {
    List<Alteration> history = List.of(alteration("next", "100", "a"), alteration("1.0.0", "200", "b"));
    assertThatThrownBy(() -> Planner.deploy(history, BigDecimal.ZERO, new Target.Latest()))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("1.0.0-200-b.sql is newer than next-100-a.sql")
        .hasMessageContaining("Deploy to next");
    assertThat(names(Planner.deploy(history, BigDecimal.ZERO, new Target.Next()).alterations())).containsExactly("a", "b");
  }

  @Test
  void pendingAppliedAndPendingVersions() {
    assertThat(names(Planner.pending(HISTORY, ts("400")))).containsExactly("e", "f", "g", "h");
    assertThat(names(Planner.applied(HISTORY, ts("400")))).containsExactly("a", "b", "c", "d");
    assertThat(Planner.pendingVersions(HISTORY, ts("0"))).extracting(Version::toString)
        .containsExactly("1.3.0", "1.1.0", "1.0.0", "1.0.0-rc.1", "1.0.0-rc.0");
    assertThat(Planner.pendingVersions(HISTORY, ts("500"))).isEmpty();
  }

  @Test
  void deployPlanListsAreImmutable() {
    DeployPlan plan = Planner.deploy(HISTORY, BigDecimal.ZERO, new Target.Next());
    assertThatThrownBy(() -> plan.alterations().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.leftPending().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- rollback ----

  static Stream<Arguments> rollbackCases() {
    return Stream.of(
        // state, target, reverted (newest first), state after each
        Arguments.of("700", "1.1.0", "hgf", List.of("600", "500", "400.5")),
        Arguments.of("700", "1.0.0", "hgfed", List.of("600", "500", "400.5", "400", "300")),
        Arguments.of("700", "1.0.0-rc.0", "hgfedcb", List.of("600", "500", "400.5", "400", "300", "200", "100")),
        Arguments.of("700", "0.0.1", "hgfedcba", List.of("600", "500", "400.5", "400", "300", "200", "100", "0")),
        Arguments.of("700", "1.2.0", "hgf", List.of("600", "500", "400.5")),   // target in the gap
        Arguments.of("700", "9.0.0", "hg", List.of("600", "500")),             // next scripts are above any release
        Arguments.of("500", "9.0.0", "", List.of()),                           // target above the current state
        Arguments.of("500", "1.3.0", "", List.of()),
        Arguments.of("450", "1.0.0", "ed", List.of("400", "300")),             // state between timestamps
        Arguments.of("400.5", "1.0.0-rc.1", "edc", List.of("400", "300", "200")),
        Arguments.of("0", "0.0.1", "", List.of()));
  }

  @ParameterizedTest(name = "state {0} rollback {1} -> [{2}]")
  @MethodSource("rollbackCases")
  void rollback(String state, String target, String reverted, List<String> stateAfter) {
    RollbackPlan plan = Planner.rollback(HISTORY, ts(state), Target.parseVersion(target));
    assertThat(names(plan.alterations())).containsExactlyElementsOf(chars(reverted));
    assertThat(plan.alterations()).extracting(plan::stateAfter)
        .containsExactlyElementsOf(stateAfter.stream().map(PlannerTest::ts).toList());
    assertThat(plan.stateAfter()).hasSize(stateAfter.size());
    assertThat(plan.target()).isEqualTo(Target.parseVersion(target).toString());
  }

  @Test
  void rollbackRefusesIrreversibleScriptBeforeAnything() {
    List<Alteration> history = List.of(
        alteration("1.0.0", "100", "a"),
        alteration("1.1.0", "200", "b", false),
        alteration("1.2.0", "300", "c"),
        alteration("next", "400", "d"));
    assertThatThrownBy(() -> Planner.rollback(history, ts("400"), Version.parse("1.0.0")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Cannot roll back to 1.0.0")
        .hasMessageContaining("1.1.0-200-b.sql has no '-- alteration:down' section")
        .hasMessageContaining("Nothing was changed")
        .hasMessageContaining("roll back to 1.1.0 or above");
    // above the irreversible script, rolling back is fine
    assertThat(names(Planner.rollback(history, ts("400"), Version.parse("1.1.0")).alterations())).containsExactly("d", "c");
    // an irreversible script that is not applied does not matter
    assertThat(names(Planner.rollback(history, ts("100"), Version.parse("0.1.0")).alterations())).containsExactly("a");
  }

  @Test
  void rollbackOutOfOrderIsAnError() {
    List<Alteration> history = List.of(
        alteration("1.0.0", "100", "a"),
        alteration("1.2.0", "200", "b"),
        alteration("1.1.0", "300", "c"));
    assertThatThrownBy(() -> Planner.rollback(history, ts("300"), Version.parse("1.1.0")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Cannot roll back to 1.1.0")
        .hasMessageContaining("1.2.0-200-b.sql is above the target but older than 1.1.0-300-c.sql")
        .hasMessageContaining("Roll back to a version below 1.1.0 first");
    assertThat(names(Planner.rollback(history, ts("300"), Version.parse("1.0.0")).alterations())).containsExactly("c", "b");
  }

  static Stream<Arguments> rollbackToTimestampCases() {
    return Stream.of(
        // state, timestamp, reverted (newest first), state after each
        Arguments.of("700", "400", "hgfe", List.of("600", "500", "400.5", "400")),
        Arguments.of("700", "400.5", "hgf", List.of("600", "500", "400.5")),
        Arguments.of("700", "450", "hgf", List.of("600", "500", "400.5")),    // between timestamps
        Arguments.of("700", "0", "hgfedcba", List.of("600", "500", "400.5", "400", "300", "200", "100", "0")),
        Arguments.of("500", "300", "fed", List.of("400.5", "400", "300")),     // only applied ones, never g and h
        Arguments.of("500", "600", "", List.of()),                             // above the state: nothing
        Arguments.of("0", "100", "", List.of()));
  }

  /** The Logto CLI's rollback-to-timestamp, limited to applied alterations. */
  @ParameterizedTest(name = "state {0} rollback --to-timestamp {1} -> [{2}]")
  @MethodSource("rollbackToTimestampCases")
  void rollbackToTimestamp(String state, String timestamp, String reverted, List<String> stateAfter) {
    RollbackPlan plan = Planner.rollbackToTimestamp(HISTORY, ts(state), ts(timestamp));
    assertThat(names(plan.alterations())).containsExactlyElementsOf(chars(reverted));
    assertThat(plan.alterations()).extracting(plan::stateAfter)
        .containsExactlyElementsOf(stateAfter.stream().map(PlannerTest::ts).toList());
    assertThat(plan.target()).isEqualTo(timestamp);
  }

  @Test
  void rollbackToTimestampRefusesIrreversibleScriptsAndADatabaseAhead() {
    List<Alteration> history = List.of(alteration("1.0.0", "100", "a"), alteration("1.1.0", "200", "b", false),
        alteration("1.2.0", "300", "c"));
    assertThatThrownBy(() -> Planner.rollbackToTimestamp(history, ts("300"), ts("150")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Cannot roll back to timestamp 150: alteration 1.1.0-200-b.sql has no");
    assertThat(names(Planner.rollbackToTimestamp(history, ts("300"), ts("200")).alterations())).containsExactly("c");
    assertThatThrownBy(() -> Planner.rollbackToTimestamp(history, ts("301"), ts("100")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED));
  }

  @Test
  void rollbackRefusesADatabaseAheadOfTheTool() {
    assertThatThrownBy(() -> Planner.rollback(HISTORY, ts("701"), Version.parse("1.0.0")))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED))
        .hasMessageContaining("ahead of this tool");
  }

  // ---- next steps ----

  @Test
  void nextToDeployWalksThePlan() {
    DeployPlan plan = Planner.deploy(HISTORY, ts("300"), Target.parse("latest"));
    assertThat(Planner.nextToDeploy(plan, ts("300"))).map(Alteration::name).contains("d");
    assertThat(Planner.nextToDeploy(plan, ts("400"))).map(Alteration::name).contains("e");
    assertThat(Planner.nextToDeploy(plan, ts("400.5"))).map(Alteration::name).contains("f");
    assertThat(Planner.nextToDeploy(plan, ts("500"))).isEmpty();
    // another deployer got further meanwhile
    assertThat(Planner.nextToDeploy(plan, ts("700"))).isEmpty();
  }

  @Test
  void nextToRevertWalksThePlan() {
    RollbackPlan plan = Planner.rollback(HISTORY, ts("700"), Version.parse("1.1.0"));
    assertThat(Planner.nextToRevert(plan, ts("700"))).map(Alteration::name).contains("h");
    assertThat(Planner.nextToRevert(plan, ts("600"))).map(Alteration::name).contains("g");
    assertThat(Planner.nextToRevert(plan, ts("500"))).map(Alteration::name).contains("f");
    assertThat(Planner.nextToRevert(plan, ts("400.5"))).isEmpty();
    assertThat(Planner.nextToRevert(plan, ts("0"))).isEmpty();
  }
}
