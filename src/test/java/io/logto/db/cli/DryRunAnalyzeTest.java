package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy --dry-run --analyze} on a database of the shipped history at 1.1.0 holding rows:
 * the hazards of the pending alterations with the real size of the tables they touch, and the
 * target exactly as it was.
 */
class DryRunAnalyzeTest {
  private TestDatabase db;
  private TestDatabase scratch;

  @BeforeEach
  void deployedWithRows() {
    db = TestPostgres.createDatabase();
    scratch = TestPostgres.createDatabase();
    CliRunner.Result deployed = new CliRunner().run("db", "alt", "deploy", "1.1.0", "--db-url", db.url());
    assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
    db.execute("insert into tenants values ('t1', 'Tenant')");
    db.execute("insert into users (id, tenant_id, username, primary_email, name) select 'u' || g, 't1', 'user' || g,"
        + " 'u' || g || '@example.com', 'Name ' || g from generate_series(1, 20000) g");
    db.execute("analyze users");
  }

  @AfterEach
  void drop() {
    db.close();
    scratch.close();
  }

  private String fingerprint() {
    return db.schemaSnapshot() + "\n" + db.query("select md5(string_agg(u::text, ',' order by id)) from users u")
        + db.query("select count(*) from pg_class") + db.stateTimestamp()
        + db.query("select count(*) from logto_alteration_journal");
  }

  private CliRunner.Result analyze(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("db", "alt", "deploy", "next", "--dry-run", "--analyze",
        "--db-url", db.url(), "--scratch-url", scratch.url()));
    args.addAll(List.of(more));
    return new CliRunner().run(args.toArray(String[]::new));
  }

  @Test
  void theHazardsOfThePendingAlterationsComeWithTheRealSizeAndTheTargetIsUnchanged() {
    String before = fingerprint();
    CliRunner.Result result = analyze();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    String size = db.query("select pg_total_relation_size('users')").get(0);
    String shown = io.logto.db.analysis.BlastRadius.bytes(Long.parseLong(size));
    assertThat(result.out())
        .contains("hazards of 1.2.0-1700400100-backfill-normalized-username.sql:")
        .contains("long-lock users: took ACCESS EXCLUSIVE on users and held it while 2 later statements (lines 7, 8)"
            + " did work\n    on this database: locks users: " + shown + ", about 20 thousand rows, under ACCESS"
            + " EXCLUSIVE\n")
        .contains("index-build users: built an index on users under ACCESS EXCLUSIVE (stops every read and write)\n"
            + "    on this database: builds an index on users: " + shown + ", about 20 thousand rows, under ACCESS"
            + " EXCLUSIVE\n")
        .contains("dropped-column users.name")
        .doesNotContain("1.1.0-1700300000"); // applied already: not analysed
    assertThat(result.out()).contains("[info] Analysis: 6 hazards: 6 accepted, 0 not accepted");
    assertThat(fingerprint()).isEqualTo(before);
  }

  @Test
  void theJsonHoldsTheHazardsWithTheirSize() throws Exception {
    CliRunner.Result result = analyze("--json");
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("success").asBoolean()).as(result.toString()).isTrue();
    assertThat(json.get("hazardCounts").get("found").asInt()).isEqualTo(6);
    assertThat(json.get("hazardCounts").get("unaccepted").asInt()).isZero();
    JsonNode first = json.get("hazards").get(0);
    assertThat(first.get("file").asText()).isEqualTo("1.2.0-1700400100-backfill-normalized-username.sql");
    assertThat(first.get("kind").asText()).isEqualTo("index-build");
    assertThat(first.get("size").asText()).startsWith("builds an index on users: ")
        .endsWith(", about 20 thousand rows, under ACCESS EXCLUSIVE");
  }

  @Test
  void analyzeNeedsDryRun() {
    CliRunner.Result result = new CliRunner().run("db", "alt", "deploy", "next", "--analyze", "--db-url", db.url());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--analyze runs the pending alterations on a scratch server, which only a dry"
        + " run does: add --dry-run");
    assertThat(db.stateTimestamp()).isNotNull();
  }
}
