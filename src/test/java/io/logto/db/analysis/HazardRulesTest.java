package io.logto.db.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules, on observations written by hand: facts in, hazards out. */
class HazardRulesTest {
  private static Observation observed(int line, Map<String, LockMode> taken, Map<String, LockMode> held,
      List<String> rewritten, List<String> indexed, List<String> scanned, long work) {
    return new Observation("1.1.0-1-x.sql", "up", line, "statement " + line, false, taken, held, rewritten, indexed,
        scanned, work);
  }

  private static List<String> kinds(List<Finding> findings) {
    return findings.stream().map(f -> f.kind() + " " + f.object() + " @" + f.line()).toList();
  }

  @Test
  void anIndexBuiltUnderALockThatStopsWritesIsAHazard() {
    Observation build = observed(2, Map.of("users", LockMode.SHARE), Map.of("users", LockMode.SHARE), List.of(),
        List.of("users"), List.of(), 3);
    assertThat(kinds(HazardRules.of("1.1.0", List.of(build)))).containsExactly("index-build users @2");
  }

  @Test
  void aScanUnderAWeakLockIsNot() {
    Observation validate = observed(2, Map.of("users", LockMode.SHARE_UPDATE_EXCLUSIVE),
        Map.of("users", LockMode.SHARE_UPDATE_EXCLUSIVE), List.of(), List.of(), List.of("users"), 3);
    assertThat(HazardRules.of("1.1.0", List.of(validate))).isEmpty();
  }

  @Test
  void aScanUnderAStrongLockIsAValidationScan() {
    Observation check = observed(2, Map.of("users", LockMode.ACCESS_EXCLUSIVE),
        Map.of("users", LockMode.ACCESS_EXCLUSIVE), List.of(), List.of(), List.of("users"), 3);
    assertThat(kinds(HazardRules.of("1.1.0", List.of(check)))).containsExactly("validation-scan users @2");
  }

  @Test
  void aRewriteIsReportedOnceNotAlsoAsItsIndexRebuildOrScan() {
    Observation type = observed(2, Map.of("users", LockMode.ACCESS_EXCLUSIVE),
        Map.of("users", LockMode.ACCESS_EXCLUSIVE), List.of("users"), List.of("users"), List.of("users"), 3);
    assertThat(kinds(HazardRules.of("1.1.0", List.of(type)))).containsExactly("rewrite users @2");
  }

  @Test
  void accessExclusiveHeldWhileLaterStatementsWorkIsALongLockButNotWhenTakenLast() {
    Observation add = observed(2, Map.of("users", LockMode.ACCESS_EXCLUSIVE), Map.of("users", LockMode.ACCESS_EXCLUSIVE),
        List.of(), List.of(), List.of(), 0);
    Observation backfill = observed(3, Map.of(), Map.of("users", LockMode.ACCESS_EXCLUSIVE), List.of(), List.of(),
        List.of(), 6);
    Observation comment = observed(4, Map.of(), Map.of("users", LockMode.ACCESS_EXCLUSIVE), List.of(), List.of(),
        List.of(), 0);
    assertThat(kinds(HazardRules.of("1.1.0", List.of(add, backfill, comment)))).containsExactly("long-lock users @2");
    assertThat(HazardRules.of("1.1.0", List.of(backfill, comment, add))).isEmpty();
    assertThat(HazardRules.of("1.1.0", List.of(add, comment))).isEmpty();
  }

  @Test
  void aStatementThatRanOutsideATransactionIsAConcurrentOperation() {
    Observation concurrently = new Observation("1.1.0-1-x.sql", "before-up", 2, "create index concurrently", true,
        Map.of(), Map.of(), List.of(), List.of("users"), List.of(), 0);
    assertThat(HazardRules.of("1.1.0", List.of(concurrently))).isEmpty();
  }
}
