package io.logto.db.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.CliRunner.Result;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal and the checks it enables (skipped, edited, ahead, baseline), status, dry-run, JSON. */
class JournalChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private TestDatabase db;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", "drop table b;");
    Fixtures.script(dir, "1.2.0-300-create-c.sql", "create table c (id int);", "drop table c;");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private Result logto(String... args) {
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db-url";
    full[args.length + 1] = db.url();
    full[args.length + 2] = "--alterations";
    full[args.length + 3] = dir.toString();
    return new CliRunner().run(full);
  }

  @Test
  void everyUpAndDownIsJournalledInOrderAndNothingIsDeleted() {
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    assertThat(logto("db", "alt", "rollback", "1.0.0", "--yes").exitCode()).isZero();
    assertThat(db.query("select script, direction, length(checksum), duration_ms >= 0, database_user, tool_version"
        + " from logto_alteration_journal order by id")).containsExactly(
        "1.0.0-100-create-a.sql|up|64|t|postgres|0.1.0",
        "1.1.0-200-create-b.sql|up|64|t|postgres|0.1.0",
        "1.2.0-300-create-c.sql|up|64|t|postgres|0.1.0",
        "1.2.0-300-create-c.sql|down|64|t|postgres|0.1.0",
        "1.1.0-200-create-b.sql|down|64|t|postgres|0.1.0");
  }

  @Test
  void aFailedAlterationLeavesNoJournalRow() {
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);\nselect 1/0;", "drop table b;");
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isEqualTo(1);
    assertThat(db.query("select script from logto_alteration_journal")).containsExactly("1.0.0-100-create-a.sql");
  }

  @Test
  void aDatabaseFromBeforeTheJournalIsBaselined() {
    db.execute("create table a (id int); create table b (id int)");
    db.execute("create table logto_configs (key varchar(256) primary key, value jsonb not null default '{}')");
    db.execute("insert into logto_configs values ('alterationState', '{\"timestamp\": 200, \"updatedAt\": \"2024-01-01T00:00:00Z\"}')");
    Result status = logto("db", "alt", "status", "--exit-code");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(10);
    assertThat(db.query("select to_regclass('logto_alteration_journal') is null")).containsExactly("t");

    assertThat(logto("db", "alt", "deploy", "next").exitCode()).isZero();
    assertThat(db.query("select script, direction, checksum is null from logto_alteration_journal order by id"))
        .containsExactly("1.0.0-100-create-a.sql|baseline|t", "1.1.0-200-create-b.sql|baseline|t",
            "1.2.0-300-create-c.sql|up|f");
    assertThat(logto("db", "alt", "status", "--exit-code", "--strict").exitCode()).isZero();
  }

  @Test
  void aScriptMergedLateIsSkippedUntilIncludedExplicitly() {
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    Fixtures.script(dir, "1.1.0-250-create-late.sql", "create table late (id int);", "drop table late;");
    String before = db.schemaSnapshot();

    Result deploy = logto("db", "alt", "deploy", "next");
    assertThat(deploy.exitCode()).isEqualTo(4);
    assertThat(deploy.err()).contains("1.1.0-250-create-late.sql", "--include-skipped", "new timestamp");
    assertThat(db.schemaSnapshot()).isEqualTo(before);

    Result status = logto("db", "alt", "status", "--exit-code");
    assertThat(status.exitCode()).isEqualTo(4);
    assertThat(logto("db", "alt", "list").out()).contains("skipped  1.1.0-250-create-late.sql");

    Result include = logto("db", "alt", "deploy", "next", "--include-skipped");
    assertThat(include.exitCode()).as(include.toString()).isZero();
    assertThat(db.tables()).contains("late");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("300");
    assertThat(logto("db", "alt", "status", "--exit-code").exitCode()).isZero();
  }

  /** Past 200 scripts the checksums are computed in parallel: each must still be matched to its own script. */
  @Test
  void editedScriptsAmongALongHistoryAreTheOnesNamed() throws Exception {
    for (int i = 1; i <= 250; i++) {
      Fixtures.script(dir, "1.3.0-" + (1000 + i) + "-t" + i + ".sql", "create table t" + i + " (id int);",
          "drop table t" + i + ";");
    }
    assertThat(logto("db", "alt", "deploy", "next").exitCode()).isZero();
    for (int i : new int[] {7, 201}) {
      Path script = dir.resolve("1.3.0-" + (1000 + i) + "-t" + i + ".sql");
      Files.writeString(script, Files.readString(script).replace("(id int)", "(id bigint)"));
    }
    Result warned = logto("db", "alt", "status");
    assertThat(warned.exitCode()).as(warned.toString()).isZero();
    assertThat(warned.err().lines().filter(l -> l.contains("was edited")))
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("1.3.0-1007-t7.sql was edited"))
        .anySatisfy(l -> assertThat(l).contains("1.3.0-1201-t201.sql was edited"));
  }

  @Test
  void anEditedScriptWarnsAndFailsWithStrictButALineEndingChangeDoesNot() throws Exception {
    assertThat(logto("db", "alt", "deploy", "1.1.0").exitCode()).isZero();
    Path a = dir.resolve("1.0.0-100-create-a.sql");
    String text = Files.readString(a);
    Files.writeString(a, "\uFEFF" + text.replace("\n", "\r\n"), StandardCharsets.UTF_8);
    assertThat(logto("db", "alt", "status", "--strict").exitCode()).isZero();
    assertThat(logto("db", "alt", "deploy", "1.2.0", "--strict").exitCode()).isZero();

    Files.writeString(a, text.replace("create table a (id int);", "create table a (id bigint);"));
    Result warned = logto("db", "alt", "status");
    assertThat(warned.exitCode()).isZero();
    assertThat(warned.err()).contains("1.0.0-100-create-a.sql was edited");
    assertThat(logto("db", "alt", "status", "--strict").exitCode()).isEqualTo(4);
    assertThat(logto("db", "alt", "list").out()).contains("edited   1.0.0-100-create-a.sql");
    Result strictRollback = logto("db", "alt", "rollback", "1.1.0", "--yes", "--strict");
    assertThat(strictRollback.exitCode()).isEqualTo(4);
    assertThat(db.tables()).contains("c");
    Result rollback = logto("db", "alt", "rollback", "1.1.0", "--yes");
    assertThat(rollback.exitCode()).isZero();
    assertThat(rollback.err()).contains("was edited");
  }

  @Test
  void aDatabaseAheadOfTheToolIsNamedByStatusAndRefusedByDeploy() {
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    String deployed = db.query("select value::text from logto_configs where key = 'alterationState'").get(0);
    db.execute("update logto_configs set value = '{\"timestamp\": 900, \"updatedAt\": \"2030-01-01T00:00:00Z\"}'");
    Result status = logto("db", "alt", "status", "--exit-code");
    assertThat(status.exitCode()).isEqualTo(4);
    assertThat(status.err()).contains("ahead of this tool", "Upgrade logto");
    Result deploy = logto("db", "alt", "deploy", "next");
    assertThat(deploy.exitCode()).isEqualTo(4);
    assertThat(deploy.err()).contains("ahead of this tool");
  }

  @Test
  void dryRunShowsThePlanAndSqlAndChangesNothing() {
    assertThat(logto("db", "alt", "deploy", "1.0.0").exitCode()).isZero();
    String snapshot = db.schemaSnapshot();
    List<String> journal = db.query("select * from logto_alteration_journal");
    List<String> state = db.query("select value from logto_configs");

    Result deploy = logto("db", "alt", "deploy", "next", "--dry-run");
    assertThat(deploy.exitCode()).isZero();
    assertThat(deploy.out()).contains("Found 2 alterations to deploy", "1.1.0-200-create-b.sql",
        "create table b (id int);", "create table c (id int);");
    Result rollback = logto("db", "alt", "rollback", "0.0.0", "--dry-run");
    assertThat(rollback.exitCode()).isZero();
    assertThat(rollback.out()).contains("Found 1 alteration to revert", "drop table a;");

    assertThat(db.schemaSnapshot()).isEqualTo(snapshot);
    assertThat(db.query("select * from logto_alteration_journal")).isEqualTo(journal);
    assertThat(db.query("select value from logto_configs")).isEqualTo(state);
  }

  @Test
  void statusExitCodesTellUpToDateFromPending() {
    Result empty = logto("db", "alt", "status", "--exit-code");
    assertThat(empty.exitCode()).isEqualTo(10);
    assertThat(empty.out()).contains("no alteration applied", "3 pending alterations");
    assertThat(logto("db", "alt", "status").exitCode()).isZero();
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    Result upToDate = logto("db", "alt", "status", "--exit-code");
    assertThat(upToDate.exitCode()).isZero();
    assertThat(upToDate.out()).contains("version 1.2.0", "up to date");
  }

  @Test
  void jsonDocumentsHaveTheDocumentedShape() throws Exception {
    Result deploy = logto("db", "alt", "deploy", "1.1.0", "--json");
    assertThat(deploy.exitCode()).isZero();
    JsonNode d = JSON.readTree(deploy.out());
    assertThat(d.get("success").asBoolean()).isTrue();
    assertThat(d.get("command").asText()).isEqualTo("deploy");
    assertThat(d.get("target").asText()).isEqualTo("1.1.0");
    assertThat(d.get("stateBefore").get("timestamp").asInt()).isZero();
    assertThat(d.get("stateAfter").get("timestamp").asInt()).isEqualTo(200);
    assertThat(d.get("alterations")).hasSize(2);
    assertThat(d.get("alterations").get(0).get("script").asText()).isEqualTo("1.0.0-100-create-a.sql");
    assertThat(d.get("alterations").get(0).get("direction").asText()).isEqualTo("up");
    assertThat(d.get("alterations").get(0).has("durationMs")).isTrue();
    assertThat(deploy.err()).contains("[info] Found 2 alterations to deploy");

    JsonNode list = JSON.readTree(logto("db", "alt", "list", "--json").out());
    assertThat(list.get("success").asBoolean()).isTrue();
    assertThat(list.get("alterations").get(0).get("status").asText()).isEqualTo("applied");
    assertThat(list.get("alterations").get(2).get("status").asText()).isEqualTo("pending");

    Result statusRun = logto("db", "alt", "status", "--json", "--exit-code");
    assertThat(statusRun.exitCode()).isEqualTo(10);
    JsonNode status = JSON.readTree(statusRun.out());
    assertThat(status.get("success").asBoolean()).isTrue();
    assertThat(status.get("version").asText()).isEqualTo("1.1.0");
    assertThat(status.get("upToDate").asBoolean()).isFalse();
    assertThat(status.get("pending")).hasSize(1);

    Result rollback = logto("db", "alt", "rollback", "1.0.0", "--json", "--yes");
    JsonNode r = JSON.readTree(rollback.out());
    assertThat(r.get("success").asBoolean()).isTrue();
    assertThat(r.get("alterations").get(0).get("direction").asText()).isEqualTo("down");

    Fixtures.script(dir, "1.1.0-200-create-b.sql", "select 1/0;", "drop table b;");
    Result failed = logto("db", "alt", "deploy", "next", "--json");
    assertThat(failed.exitCode()).isEqualTo(1);
    JsonNode f = JSON.readTree(failed.out());
    assertThat(f.get("success").asBoolean()).isFalse();
    assertThat(f.get("error").get("code").asText()).isEqualTo("ALTERATION_FAILED");
    assertThat(f.get("error").get("exitCode").asInt()).isEqualTo(1);
    assertThat(f.get("error").get("message").asText()).contains("1.1.0-200-create-b.sql", "division by zero");
    assertThat(f.get("error").get("details")).isNotEmpty();

    Result usage = logto("db", "alt", "deploy", "1.2", "--json");
    JsonNode u = JSON.readTree(usage.out());
    assertThat(u.get("success").asBoolean()).isFalse();
    assertThat(u.get("error").get("code").asText()).isEqualTo("USAGE");
    assertThat(usage.exitCode()).isEqualTo(2);

    Result badOption = logto("db", "alt", "deploy", "--no-such-option", "--json");
    JsonNode b = JSON.readTree(badOption.out());
    assertThat(b.get("error").get("code").asText()).isEqualTo("USAGE");
  }

  @Test
  void jsonFailureDocumentsNameEveryKindOfFailure() throws Exception {
    Result unreachable = new CliRunner().run("db", "alt", "deploy", "next", "--json", "--alterations", dir.toString(),
        "--db-url", "postgres://app:s3cret@127.0.0.1:1/none");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    JsonNode database = JSON.readTree(unreachable.out());
    assertThat(database.get("success").asBoolean()).isFalse();
    assertThat(database.get("error").get("code").asText()).isEqualTo("DATABASE");
    assertThat(database.get("error").get("exitCode").asInt()).isEqualTo(1);
    assertThat(unreachable.out() + unreachable.err()).doesNotContain("s3cret");

    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    String deployed = db.query("select value::text from logto_configs where key = 'alterationState'").get(0);
    db.execute("update logto_configs set value = '{\"timestamp\": 900, \"updatedAt\": \"2030-01-01T00:00:00Z\"}'");
    Result ahead = logto("db", "alt", "deploy", "next", "--json");
    JsonNode check = JSON.readTree(ahead.out());
    assertThat(check.get("error").get("code").asText()).isEqualTo("CHECK_FAILED");
    assertThat(check.get("error").get("exitCode").asInt()).isEqualTo(4);
    assertThat(check.get("error").get("message").asText()).contains("ahead of this tool");
    db.execute("update logto_configs set value = '" + deployed + "'");
    assertThat(logto("db", "alt", "rollback", "1.0.0", "--yes").exitCode()).isZero();

    try (java.sql.Connection holder = db.connect(); java.sql.Statement st = holder.createStatement()) {
      st.execute("select pg_advisory_lock(" + io.logto.db.run.AdvisoryLock.KEY + ")");
      Result locked = logto("db", "alt", "deploy", "next", "--json", "--lock-wait", "1s");
      assertThat(locked.exitCode()).isEqualTo(3);
      JsonNode lock = JSON.readTree(locked.out());
      assertThat(lock.get("error").get("code").asText()).isEqualTo("LOCK_TIMEOUT");
      assertThat(lock.get("error").get("exitCode").asInt()).isEqualTo(3);
      assertThat(lock.get("warnings").get(0).asText()).startsWith("Waiting for the alteration lock held by pid");
    }

    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    Result cancelled = new CliRunner().interaction(new io.logto.db.cli.render.Interaction() {
      @Override
      public boolean interactive() {
        return true;
      }

      @Override
      public java.util.Optional<String> choose(String message, List<String> choices) {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<Boolean> confirm(String message) {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<String> readSecretLine(String message) {
        return java.util.Optional.empty();
      }
    }).run("db", "alt", "rollback", "1.0.0", "--json", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(cancelled.exitCode()).isEqualTo(130);
    JsonNode cancel = JSON.readTree(cancelled.out());
    assertThat(cancel.get("error").get("code").asText()).isEqualTo("CANCELLED");
    assertThat(cancel.get("error").get("exitCode").asInt()).isEqualTo(130);
    assertThat(db.tables()).contains("b");
  }

  @Test
  void newAndReleaseWriteAndRenameScripts(@TempDir Path work) throws Exception {
    Path alterations = work.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(alterations, "1.1.0-4102444800-future.sql", "create table f (id int);", "drop table f;");
    Result created = new CliRunner().in(work).run("db", "alt", "new", "add-user-locale");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Path file = alterations.resolve("next-4102444801-add-user-locale.sql");
    assertThat(file).exists();
    assertThat(Files.readString(file)).contains("-- alteration:up", "-- alteration:down");

    assertThat(new CliRunner().in(work).run("db", "alt", "new", "Bad_Name").exitCode()).isEqualTo(2);
    Result second = new CliRunner().in(work).run("db", "alt", "new", "add-user-bio");
    assertThat(second.exitCode()).as("a second new works while the first template is unfilled: " + second).isZero();
    Path bio = alterations.resolve("next-4102444802-add-user-bio.sql");
    assertThat(bio).exists();
    Files.delete(bio);

    Files.writeString(file, "-- alteration:up\ncreate table l (id int);\n-- alteration:down\ndrop table l;\n");
    Result tooLow = new CliRunner().in(work).run("db", "alt", "release", "1.1.0");
    assertThat(tooLow.exitCode()).isEqualTo(2);
    assertThat(tooLow.err()).contains("not above the newest released version 1.1.0");
    Result released = new CliRunner().in(work).run("db", "alt", "release", "1.2.0-rc.1");
    assertThat(released.exitCode()).as(released.toString()).isZero();
    assertThat(alterations.resolve("1.2.0_rc.1-4102444801-add-user-locale.sql")).exists();
    assertThat(file).doesNotExist();
    assertThat(new CliRunner().in(work).run("db", "alt", "release", "1.3.0").exitCode()).isEqualTo(2);
  }

  @Test
  void releasingNextScriptsKeepsTheirJournalHistory(@TempDir Path work) {
    Path alterations = work.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(alterations, "next-200-create-n.sql", "create table n (id int);", "drop table n;");
    CliRunner cli = new CliRunner().in(work);
    assertThat(cli.run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", "alterations").exitCode()).isZero();
    assertThat(cli.run("db", "alt", "release", "1.1.0").exitCode()).isZero();
    Result status = cli.run("db", "alt", "status", "--exit-code", "--strict", "--db-url", db.url(), "--alterations", "alterations");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("version 1.1.0");
  }
}
