package io.logto.db.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.api.Logto;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Cheap drift detection: the schema fingerprint recorded after each deploy and rollback, compared
 * by status, the next deploy and the library's status, on databases deployed with the fixture
 * history of diff's tests (every kind of object) and then changed by hand.
 */
class SchemaFingerprintsTest {
  private static final Path HISTORY = Path.of("src/test/resources/fixtures/diff/history").toAbsolutePath();
  private static final String DRIFT = "[warn] The schema was changed outside logto since the deploy of ";

  private TestDatabase db;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private CliRunner.Result logto(String... args) {
    List<String> all = new ArrayList<>(List.of("db", "alt"));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--alterations", HISTORY.toString(), "--db-url", db.url()));
    return new CliRunner().run(all.toArray(String[]::new));
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result result = logto(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static List<String> warnings(CliRunner.Result result) {
    return Stream.of(result.err().split("\n")).filter(l -> l.startsWith("[warn]")).toList();
  }

  @Test
  void aFingerprintIsRecordedByTheFirstDeployThatRunsAnAlteration() {
    assertThat(ok("status").out()).contains("[info] schema not fingerprinted yet (the next deploy or rollback that"
        + " runs an alteration records it)");
    assertThat(warnings(ok("deploy", "1.2.0"))).isEmpty();
    assertThat(ok("status").out()).containsPattern("\\[info\\] schema unchanged since the deploy of "
        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n");
    assertThat(db.query("select command, state_timestamp, journal_id = (select max(id) from logto_alteration_journal),"
        + " length(fingerprint) from logto_alteration_fingerprint")).containsExactly("deploy|1700200000|t|32");
  }

  @Test
  void noDriftAfterADeployARollbackAndARedeploy() {
    ok("deploy", "1.2.0");
    ok("rollback", "1.1.0", "--yes");
    CliRunner.Result afterRollback = ok("status");
    assertThat(afterRollback.out()).contains("[info] schema unchanged since the rollback of ");
    assertThat(warnings(afterRollback)).isEmpty();
    ok("deploy", "1.3.0");
    CliRunner.Result afterRedeploy = logto("status", "--exit-code", "--strict");
    assertThat(afterRedeploy.exitCode()).as(afterRedeploy.toString()).isEqualTo(10);
    assertThat(afterRedeploy.out()).contains("[info] schema unchanged since the deploy of ");
    assertThat(db.query("select command from logto_alteration_fingerprint order by id"))
        .containsExactly("deploy", "rollback", "deploy");
  }

  /** With {@code --state-table}, the fingerprint is recorded with the state of that table, and drift is still seen. */
  @Test
  void aStateTableOfItsOwnIsFingerprintedToo() {
    CliRunner.Result deploy = ok("deploy", "1.2.0", "--state-table", "app_state");
    assertThat(warnings(deploy)).as(deploy.toString()).isEmpty();
    assertThat(db.query("select command, state_timestamp from logto_alteration_fingerprint"))
        .containsExactly("deploy|1700200000");
    assertThat(ok("status", "--state-table", "app_state").out()).contains("[info] schema unchanged since the deploy of ");
    db.execute("alter table users add column nickname text");
    assertThat(warnings(ok("status", "--state-table", "app_state"))).singleElement().asString().startsWith(DRIFT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "alter table users add column nickname text",
      "drop index users__name",
      "create or replace function touch() returns trigger language plpgsql as $$ begin return null; end; $$",
      "grant update on teams to public",
      "comment on column users.locale is 'BCP 47'",
      "alter type user_status add value 'banned'",
      "alter table users disable trigger users__touch"})
  void eachKindOfDriftIsWarnedAboutAndFailsAStrictStatus(String statement) {
    ok("deploy", "1.2.0");
    db.execute(statement);
    CliRunner.Result status = logto("status", "--exit-code");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(10);
    assertThat(warnings(status)).singleElement().asString().startsWith(DRIFT)
        .endsWith(": its catalog fingerprint differs from the one recorded then. See what changed: logto db"
            + " alteration diff with the same --db-url.");
    CliRunner.Result strict = logto("status", "--exit-code", "--strict");
    assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(4);
    assertThat(strict.err()).contains("[error] A check failed: The schema was changed outside logto");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "insert into users (id, name) values (1, 'x'); update users set locale = 'en'; delete from users",
      "truncate users cascade",
      "vacuum full users",
      "cluster users using users_pkey",
      "reindex table users",
      "analyze",
      "create temporary table scratch (id integer primary key)",
      "create index logto_alteration_journal__script on logto_alteration_journal (script)",
      "insert into logto_configs (key, value) values ('other', '{}')",
      "alter table logto_alteration_journal rename to logto_alteration_journal_x;"
          + " alter table logto_alteration_journal_x rename to logto_alteration_journal",
      "alter table users alter column name set statistics 500",
      "grant select on teams to public"})
  void dataChangesMaintenanceAndTheToolsOwnTablesAreNoDrift(String statement) {
    ok("deploy", "1.2.0");
    db.execute(statement);
    CliRunner.Result status = logto("status", "--strict");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("[info] schema unchanged since the deploy of ");
  }

  @Test
  void theNextDeployWarnsInOneLineAndStrictRefusesBeforeChangingAnything() {
    ok("deploy", "1.1.0");
    db.execute("alter table users add column nickname text");
    CliRunner.Result strict = logto("deploy", "1.2.0", "--strict");
    assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(4);
    assertThat(strict.err()).contains("[error] The schema was changed outside logto since the deploy of ")
        .contains("(--strict; nothing was changed)");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("1700100000");

    CliRunner.Result deploy = ok("deploy", "1.2.0");
    assertThat(warnings(deploy)).singleElement().asString().startsWith(DRIFT);
    assertThat(db.stateTimestamp()).isEqualByComparingTo("1700200000");
    // the deploy recorded the schema as it left it, the hand-made column included: diff --db-url shows it
    assertThat(warnings(ok("status"))).isEmpty();
  }

  /**
   * A deploy or rollback with nothing to run does not compare (it carries nothing forward, and the
   * catalog query is most of such a run's cost); one with something to run warns; status always does.
   */
  @Test
  void onlyARunThatChangesSomethingComparesBeforeIt() throws Exception {
    ok("deploy", "1.2.0");
    db.execute("alter table users add column nickname text");
    CliRunner.Result noop = ok("deploy", "1.2.0", "--json");
    assertThat(warnings(noop)).as(noop.toString()).isEmpty();
    JsonNode drift = new ObjectMapper().readTree(noop.out()).get("drift");
    assertThat(drift.get("status").asText()).isEqualTo("not-checked");
    assertThat(drift.get("reason").asText()).contains("nothing to run");
    assertThat(warnings(ok("rollback", "1.2.0", "--yes"))).isEmpty();
    assertThat(warnings(ok("status"))).singleElement().asString().startsWith(DRIFT);
    CliRunner.Result strictRollback = logto("rollback", "1.1.0", "--yes", "--strict");
    assertThat(strictRollback.exitCode()).as(strictRollback.toString()).isEqualTo(4);
    assertThat(db.stateTimestamp()).isEqualByComparingTo("1700200000");
    assertThat(warnings(ok("rollback", "1.1.0", "--yes"))).singleElement().asString().startsWith(DRIFT);
  }

  @Test
  void aStateMovedOutsideLogtoIsNotCompared() {
    ok("deploy", "1.2.0");
    db.execute("update logto_configs set value = '{\"timestamp\": 1700100000}' where key = 'alterationState'");
    CliRunner.Result status = logto("status", "--strict");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("[info] schema not compared: its fingerprint was recorded at state 1700200000,"
        + " before the state last moved");
  }

  @Test
  void statusJsonHasTheDrift() throws Exception {
    ok("deploy", "1.2.0");
    db.execute("drop index users__locale");
    CliRunner.Result result = logto("status", "--json");
    JsonNode drift = new ObjectMapper().readTree(result.out()).get("drift");
    assertThat(drift.get("status").asText()).isEqualTo("drifted");
    assertThat(drift.get("fingerprint").asText()).hasSize(32);
    assertThat(drift.get("recorded").get("command").asText()).isEqualTo("deploy");
    assertThat(drift.get("recorded").get("stateTimestamp").asLong()).isEqualTo(1700200000L);
    assertThat(drift.get("recorded").get("fingerprint").asText()).isNotEqualTo(drift.get("fingerprint").asText());
    assertThat(new ObjectMapper().readTree(result.out()).get("warnings").get(0).asText())
        .startsWith("The schema was changed outside logto");
  }

  @Test
  void aReadOnlyUserSeesTheDrift() {
    String role = "logto_test_reader_" + Long.toHexString(System.nanoTime());
    ok("deploy", "1.2.0");
    db.execute("create role " + role + " login; alter role " + role + " set default_transaction_read_only = on;"
        + " grant select on logto_configs, logto_alteration_journal, logto_alteration_fingerprint to " + role);
    try {
      db.execute("grant update on teams to public");
      String url = "postgres://" + role + "@" + db.host() + ":" + db.port() + "/" + db.name();
      CliRunner.Result status = new CliRunner().run("db", "alt", "status", "--exit-code", "--strict",
          "--alterations", HISTORY.toString(), "--db-url", url);
      assertThat(status.exitCode()).as(status.toString()).isEqualTo(4);
      assertThat(status.err()).contains(DRIFT);
    } finally {
      db.execute("drop owned by " + role + "; drop role " + role);
    }
  }

  @Test
  void theLibrarysStatusHasTheDrift() {
    Logto logto = Logto.builder(db.dataSource()).alterations(HISTORY).build();
    assertThat(logto.status().drift().status()).isEqualTo(Drift.Status.NOT_RECORDED);
    logto.deploy("1.2.0");
    assertThat(logto.status().drift().status()).isEqualTo(Drift.Status.UNCHANGED);
    db.execute("alter table users add column nickname text");
    Drift drift = logto.status().drift();
    assertThat(drift.drifted()).isTrue();
    assertThat(drift.warning()).hasValueSatisfying(w -> assertThat(w).startsWith("The schema was changed outside"));
    assertThat(logto.status().checkFailed(true)).isTrue();
    assertThat(logto.status().checkFailed(false)).isFalse();
    logto.rollback("1.1.0");
    assertThat(logto.status().drift().status()).isEqualTo(Drift.Status.UNCHANGED);
    assertThat(logto.status().drift().recorded().orElseThrow().command()).isEqualTo("rollback");
  }
}
