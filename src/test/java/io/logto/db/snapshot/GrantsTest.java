package io.logto.db.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {
  @Test
  void parsesPrivilegesPerGranteeWithGrantOptions() {
    Grants grants = Grants.parse(List.of("postgres=arwdDxtm/postgres", "=U/postgres", "app=r*X/owner",
        "app=w/other"));
    assertThat(grants.of("postgres")).containsExactly("DELETE", "INSERT", "MAINTAIN", "REFERENCES", "SELECT",
        "TRIGGER", "TRUNCATE", "UPDATE");
    assertThat(grants.of("PUBLIC")).containsExactly("USAGE");
    assertThat(grants.of("app")).containsExactly("EXECUTE", "SELECT WITH GRANT OPTION", "UPDATE");
    assertThat(grants.of("nobody")).isEmpty();
  }

  @Test
  void unquotesRoleNames() {
    Grants grants = Grants.parse(List.of("\"we\"\"ird=name\"=r/postgres"));
    assertThat(grants.privileges()).containsOnlyKeys("we\"ird=name");
  }

  @Test
  void anEmptyAclGrantsNothing() {
    assertThat(Grants.parse(List.of())).isEqualTo(Grants.NONE);
  }

  @Test
  void theOwnersPrivilegesAreTheOwnersWhateverItsName() {
    Grants app = Grants.parse(List.of("app=arwdDxt/app", "=r/app"), "app");
    Grants postgres = Grants.parse(List.of("postgres=arwdDxt/postgres", "=r/postgres"), "postgres");
    assertThat(app).isEqualTo(postgres);
    assertThat(app.of(Grants.OWNER)).contains("SELECT", "TRUNCATE");
  }
}
