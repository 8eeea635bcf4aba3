package io.logto.db.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code logto db alteration diff --db-url URL}: a live database's schema against the one its
 * history builds, on databases deployed with the history of {@link DiffCommandTest} and then
 * changed by hand; scratch databases on the test server.
 */
class LiveDriftTest {
  private static TestDatabase scratch;

  @BeforeAll
  static void server() {
    scratch = TestPostgres.createDatabase();
  }

  @AfterAll
  static void dropServer() {
    scratch.close();
  }

  private static CliRunner.Result logto(String... args) {
    List<String> all = new ArrayList<>(List.of("db", "alt"));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--alterations", DiffCommandTest.HISTORY.toString()));
    return new CliRunner().run(all.toArray(String[]::new));
  }

  private static CliRunner.Result drift(String url, String... options) {
    List<String> all = new ArrayList<>(List.of("diff", "--db-url", url, "--scratch-url", scratch.url()));
    all.addAll(Arrays.asList(options));
    return logto(all.toArray(String[]::new));
  }

  private static void deploy(TestDatabase database, String version) {
    CliRunner.Result result = logto("deploy", version, "--db-url", database.url());
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private static List<String> changes(CliRunner.Result result) {
    return Stream.of(result.out().split("\n")).filter(l -> l.startsWith("  ")).toList();
  }

  @Test
  void noDriftAfterADeployARollbackAndARedeploy() {
    try (TestDatabase database = TestPostgres.createDatabase()) {
      deploy(database, "1.2.0");
      CliRunner.Result deployed = drift(database.url());
      assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
      assertThat(deployed.out()).startsWith("Drift of " + database.url() + " from the history up to 1.2.0 (state"
          + " 1700200000, 3 alterations): no changes\n")
          .contains("[info] No drift: the schema of " + database.url() + " is what the history up to 1.2.0");
      assertThat(logto("rollback", "1.1.0", "--yes", "--db-url", database.url()).exitCode()).isZero();
      CliRunner.Result rolledBack = drift(database.url());
      assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
      assertThat(rolledBack.out()).contains("from the history up to 1.1.0 (state 1700100000, 2 alterations)");
      deploy(database, "1.3.0");
      CliRunner.Result redeployed = drift(database.url());
      assertThat(redeployed.exitCode()).as(redeployed.toString()).isZero();
    }
  }

  @Test
  void driftOfEachKindIsListedAndExits4() {
    try (TestDatabase database = TestPostgres.createDatabase()) {
      deploy(database, "1.2.0");
      database.execute("alter table users add column nickname text");
      database.execute("drop index users__name");
      database.execute("create or replace function touch() returns trigger language plpgsql as $$\n"
          + "begin\n  new.name := upper(new.name);\n  return new;\nend;\n$$");
      database.execute("grant update on teams to public");
      CliRunner.Result result = drift(database.url());
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
      assertThat(result.out()).startsWith("Drift of " + database.url() + " from the history up to 1.2.0 (state"
          + " 1700200000, 3 alterations): 4 changes (2 added, 1 removed, 1 changed)\n");
      assertThat(changes(result)).containsExactly(
          "  added    table users: column nickname (text)",
          "  removed  index users__name",
          "  changed  function touch(): definition at line 6: new.name := trim(new.name); \u2192"
              + " new.name := upper(new.name);",
          "  added    table teams: grant UPDATE to PUBLIC");
      assertThat(result.err()).contains("[error] The schema of " + database.url() + " differs from what its history"
          + " builds: 4 changes, listed above. It was changed outside logto");
    }
  }

  @Test
  void jsonOfDrift() throws Exception {
    try (TestDatabase database = TestPostgres.createDatabase()) {
      deploy(database, "1.1.0");
      database.execute("alter table users alter column locale type varchar(16)");
      CliRunner.Result result = drift(database.url(), "--json");
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
      JsonNode json = new ObjectMapper().readTree(result.out());
      assertThat(json.get("success").asBoolean()).isFalse();
      assertThat(json.get("mode").asText()).isEqualTo("drift");
      assertThat(json.get("database").asText()).isEqualTo(database.url());
      assertThat(json.get("state").get("timestamp").asLong()).isEqualTo(1700100000L);
      assertThat(json.get("drifted").asBoolean()).isTrue();
      assertThat(json.get("versions")).isEmpty();
      JsonNode change = json.get("changes").get(0);
      assertThat(change.get("kind").asText()).isEqualTo("columns");
      assertThat(change.get("change").asText()).isEqualTo("changed");
      assertThat(change.get("before").asText()).isEqualTo("text");
      assertThat(change.get("after").asText()).isEqualTo("character varying(16)");
      assertThat(json.get("error").get("code").asText()).isEqualTo("CHECK_FAILED");
      assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(4);
    }
  }

  /** A role that may only read the tool's tables (the catalogs are readable by all), in read-only transactions. */
  @Test
  void aReadOnlyUserWillDoAndNothingIsWritten() throws SQLException {
    String role = "logto_test_reader_" + Long.toHexString(System.nanoTime());
    try (TestDatabase database = TestPostgres.createDatabase()) {
      deploy(database, "1.2.0");
      database.execute("create role " + role + " login; alter role " + role
          + " set default_transaction_read_only = on; grant select on logto_configs, logto_alteration_journal to "
          + role);
      try {
        database.execute("alter table users add column nickname text");
        String before = String.join("\n", database.query("select * from logto_alteration_journal order by id"))
            + database.query("select value::text from logto_configs");
        String url = "postgres://" + role + "@" + database.host() + ":" + database.port() + "/" + database.name();
        CliRunner.Result result = drift(url);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(changes(result)).containsExactly("  added    table users: column nickname (text)");
        String after = String.join("\n", database.query("select * from logto_alteration_journal order by id"))
            + database.query("select value::text from logto_configs");
        assertThat(after).isEqualTo(before);
        assertThat(database.query("select count(*) from pg_stat_activity where usename = '" + role + "'"))
            .containsExactly("0");
      } finally {
        database.execute("drop owned by " + role + "; drop role " + role);
      }
    }
  }

  @Test
  void aNeverDeployedDatabaseIsComparedWithAnEmptyHistory() {
    try (TestDatabase database = TestPostgres.createDatabase()) {
      database.execute("create table stray (id integer)");
      CliRunner.Result result = drift(database.url());
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
      assertThat(result.out()).startsWith("Drift of " + database.url() + " from the history up to 0.0.0 (state 0,"
          + " 0 alterations): 1 change (1 added, 0 removed, 0 changed)");
      assertThat(changes(result)).containsExactly("  added    table stray");
    }
  }
}
