package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.ScratchDatabases;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code logto db alteration check} on the fixture histories of src/test/resources/fixtures/check,
 * each with one defect, run in-process with scratch databases on the test server.
 */
class CheckCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/check").toAbsolutePath();
  private static TestDatabase server;
  private static ScratchDatabases scratch;

  @BeforeAll
  static void server() throws SQLException {
    server = TestPostgres.createDatabase();
    scratch = ScratchDatabases.before();
  }

  @AfterAll
  static void dropServer() throws SQLException, InterruptedException {
    server.close();
    scratch.assertNoneLeftBehind("check");
  }

  private static CliRunner.Result check(String fixture, String... options) {
    List<String> args = new ArrayList<>(List.of("db", "alt", "check", "--alterations",
        FIXTURES.resolve(fixture).toString(), "--scratch-url", server.url()));
    args.addAll(Arrays.asList(options));
    return new CliRunner().run(args.toArray(String[]::new));
  }

  /** The report lines: stdout without the [info] lines. */
  private static List<String> report(CliRunner.Result result) {
    return Stream.of(result.out().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
  }

  @Test
  void aSoundHistoryPasses() {
    CliRunner.Result result = check("sound");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(report(result)).isEmpty();
    assertThat(result.out()).contains("[info] Static checks: 3 alterations in 3 versions, no problems")
        .contains("roll back one by one to 0.0.0, deploy to next again")
        .contains("[info] The alteration history is sound: 3 alterations in 3 versions");
  }

  @Test
  void theOldSpellingDbUrlStillNamesTheScratchServerWithADeprecationLine() {
    CliRunner.Result result = new CliRunner().run("db", "alt", "check", "--alterations",
        FIXTURES.resolve("sound").toString(), "--db-url", server.url());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).contains("[warn] check --db-url is deprecated: it names the scratch server, which is"
        + " now --scratch-url");
    assertThat(result.out()).contains("[info] Round trip on the server of " + server.url());
  }

  @Test
  void theScratchServerIsGivenOnce() {
    CliRunner.Result result = check("sound", "--db-url", server.url());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("[error] check takes the scratch server once: pass --scratch-url only");
  }

  @Test
  void aDownThatForgetsAnIndex() {
    // its up builds an index on a table of 1.0.0 and adds a column under ACCESS EXCLUSIVE first (hazards
    // of their own, see HazardsCheckTest): this test is about the down section
    CliRunner.Result result = check("down-forgets-index", "--hazards", "off");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly("after rollback to 1.0.0: index users__name: should not exist");
    assertThat(result.err()).contains("[error] The alteration history is unsound: 1 problem, listed above");
  }

  @Test
  void aDownThatDropsTheWrongColumn() {
    CliRunner.Result result = check("down-drops-wrong-column");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly(
        "after rollback to 1.0.0: table users: column email (text) missing",
        "after rollback to 1.0.0: table users: column locale (text) should not exist");
  }

  @Test
  void anEnumValueNotRemoved() {
    CliRunner.Result result = check("enum-value-not-removed");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly(
        "after rollback to 1.0.0: enum type user_status: label 'banned' should not exist");
  }

  @Test
  void aScriptOfAHigherVersionOlderThanALowerOne() {
    CliRunner.Result result = check("version-order");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly("static check: 1.2.0-1700100000-add-email.sql: its version 1.2.0 is"
        + " above 1.1.0 but it is older than 1.1.0-1700200000-add-name.sql (timestamp 1700100000 < 1700200000):"
        + " every script of a version must be newer than all scripts of lower versions. Give it a timestamp above"
        + " 1700200000");
    assertThat(result.out()).contains("[info] Round trip skipped: the history cannot be deployed version by version"
        + " until the problems above are fixed");
  }

  @Test
  void aMissingDownSection() {
    CliRunner.Result result = check("missing-down");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly("static check: 1.1.0-1700100000-add-name.sql: it has no"
        + " '-- alteration:down' section. Add one that reverts the up section, or, if it cannot be reverted,"
        + " declare it with a line '-- alteration:irreversible'");
    assertThat(result.out()).contains("roll back one by one to 1.1.0 only (1.1.0-1700100000-add-name.sql has no"
        + " down section), deploy to 1.2.0 again");
  }

  @Test
  void anUnterminatedDollarQuote() {
    CliRunner.Result result = check("unterminated-dollar-quote");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly("static check: 1.1.0-1700100000-add-touch-function.sql: its"
        + " '-- alteration:up' section has an unterminated dollar-quoted string $$ starting at line 2. Fix: close it");
  }

  @Test
  void everyStaticProblemIsListed() {
    CliRunner.Result result = check("static-problems", "--static-only");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).hasSize(6).allMatch(l -> l.startsWith("static check: "));
    assertThat(report(result)).anyMatch(l -> l.startsWith("static check: 1.1.0-1700100000000-add-email.sql: its"
        + " timestamp 1700100000000 has 13 digits before the fraction"));
    assertThat(result.out()).contains("[info] Round trip skipped (--static-only)");
  }

  @Test
  void anIrreversibleScriptLimitsTheRoundTripAndSaysSo() {
    // 1.2.0 backfills under ACCESS EXCLUSIVE and drops a column (hazards, see HazardsCheckTest): this test is
    // about the round trip's extent
    CliRunner.Result result = check("irreversible", "--hazards", "off");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("roll back one by one to 1.2.0 only (1.2.0-1700200000-drop-legacy-name.sql is"
        + " declared irreversible), deploy to 1.3.0 again");
  }

  @Test
  void aFailingDownIsReportedLikeRollbackDoesAndExits1() {
    CliRunner.Result result = check("down-fails");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("[error] Error occurred during running alteration 1.1.0-1700100000-add-name.sql"
        + " `down()` at line 5, column 1: column \"nmae\" of relation \"users\" does not exist (SQLSTATE 42703)")
        .contains("The check failed at its step 'rollback to 1.0.0'");
  }

  @Test
  void comparesWithAnExpectedSchema() {
    CliRunner.Result result = check("expect-mismatch/alterations", "--expect",
        FIXTURES.resolve("expect-mismatch/schema.sql").toString());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(report(result)).containsExactly(
        "after deploy to 1.1.0, compared with schema.sql: table users: column locale type differs: expected"
            + " character varying(16), found text",
        "after deploy to 1.1.0, compared with schema.sql: index users__email: missing");
  }

  @Test
  void jsonPutsOneDocumentOnStdoutAndTheHumanTextOnStderr() throws Exception {
    CliRunner.Result result = check("down-drops-wrong-column", "--json");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.get("command").asText()).isEqualTo("check");
    assertThat(json.get("problems")).hasSize(2);
    assertThat(json.get("problems").get(0).get("step").asText()).isEqualTo("after rollback to 1.0.0");
    assertThat(json.get("problems").get(0).get("object").asText()).isEqualTo("table users");
    assertThat(json.get("problems").get(0).get("message").asText()).isEqualTo("column email (text) missing");
    assertThat(json.get("error").get("code").asText()).isEqualTo("CHECK_FAILED");
    assertThat(result.err()).contains("after rollback to 1.0.0: table users: column locale (text) should not exist");
  }

  @Test
  void jsonOfASoundHistory() throws Exception {
    CliRunner.Result result = check("sound", "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("success").asBoolean()).isTrue();
    assertThat(json.get("problems")).isEmpty();
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void expectNeedsTheRoundTrip() {
    CliRunner.Result result = check("sound", "--static-only", "--expect", "schema.sql");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--expect compares the schema the alterations build");
  }
}
