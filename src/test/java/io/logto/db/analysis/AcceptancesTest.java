package io.logto.db.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code -- logto:accept} comments: what they accept, and what is wrong with them. */
class AcceptancesTest {
  private static final String FILE = "1.2.0-1-backfill.sql";

  private static Finding lock(HazardKind kind, String object, String file) {
    return new Finding(kind, object, "1.2.0", file, 3, "alter table users", "a fact");
  }

  @Test
  void parsesKindObjectReasonAndLine() {
    List<Acceptances.Acceptance> parsed = Acceptances.parse(FILE, "1.2.0",
        "-- header\n--   logto:accept   rewrite   users:  small table  \n-- alteration:up\nselect 1;\n");
    assertThat(parsed).containsExactly(new Acceptances.Acceptance(FILE, "1.2.0", 2, "rewrite", "users",
        "small table"));
  }

  @Test
  void acceptsOnlyItsKindOnItsObjectInItsScript() {
    List<Acceptances.Acceptance> accept = Acceptances.parse(FILE, "1.2.0", "-- logto:accept rewrite users: small");
    List<Finding> findings = Acceptances.apply(List.of(lock(HazardKind.REWRITE, "users", FILE),
        lock(HazardKind.LONG_LOCK, "users", FILE), lock(HazardKind.REWRITE, "teams", FILE),
        lock(HazardKind.REWRITE, "users", "1.2.0-2-other.sql")), accept);
    assertThat(findings).extracting(Finding::isAccepted).containsExactly(true, false, false, false);
    assertThat(findings.get(0).accepted()).contains("small");
  }

  @Test
  void aCompatibilityBreakIsAcceptedByAnyScriptOfItsVersion() {
    Finding drop = new Finding(HazardKind.DROPPED_COLUMN, "users.name", "1.2.0", "version 1.2.0", 0, "", "gone");
    List<Finding> findings = Acceptances.apply(List.of(drop),
        Acceptances.parse(FILE, "1.2.0", "-- logto:accept dropped-column users.name: 1.1.0 is stopped first"));
    assertThat(findings).singleElement().satisfies(f -> assertThat(f.accepted()).contains("1.1.0 is stopped first"));
    List<Finding> other = Acceptances.apply(List.of(drop),
        Acceptances.parse(FILE, "1.3.0", "-- logto:accept dropped-column users.name: wrong version"));
    assertThat(other).extracting(f -> f.kind() + " " + f.isAccepted())
        .containsExactly("dropped-column false", "acceptance false");
  }

  @Test
  void aMissingReasonAnUnknownKindAndAStaleAcceptanceAreFindings() {
    List<Finding> findings = Acceptances.apply(List.of(lock(HazardKind.REWRITE, "users", FILE)),
        Acceptances.parse(FILE, "1.2.0", "-- logto:accept rewrite users\n-- logto:accept rewrote users: typo\n"
            + "-- logto:accept index-build users: nothing to accept\n-- logto:accept\n"));
    assertThat(findings).extracting(Finding::kind).containsExactly(HazardKind.REWRITE, HazardKind.ACCEPTANCE,
        HazardKind.ACCEPTANCE, HazardKind.ACCEPTANCE, HazardKind.ACCEPTANCE);
    assertThat(findings.get(0).isAccepted()).isFalse();
    assertThat(findings.get(1).fact()).contains("gives no reason");
    assertThat(findings.get(2).fact()).contains("names no kind of finding");
    assertThat(findings.get(3).fact()).contains("accepts nothing: no index-build finding on users in this script");
    assertThat(findings.get(4).fact()).contains("is not of the form");
    assertThat(findings.get(1).line()).isEqualTo(1);
  }
}
