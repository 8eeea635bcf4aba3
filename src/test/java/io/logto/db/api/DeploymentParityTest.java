package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.logto.db.error.LogtoException;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line and the library are one use case ({@code run.Deployment}): the same bad
 * cases refused by both, with the same error code (exit code) and the same message, and the
 * database left as it was. (A before-up section through a pooler: {@code PgBouncerIT}.)
 */
class DeploymentParityTest {
  @TempDir
  Path dir;

  private TestDatabase db;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", "drop table b;");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("db", "alt"));
    all.addAll(List.of(args));
    all.addAll(List.of("--db-url", db.url(), "--alterations", dir.toString()));
    return new CliRunner().run(all.toArray(String[]::new));
  }

  private Logto library(boolean strict) {
    return Logto.builder(db.dataSource()).alterations(dir).strict(strict).build();
  }

  /** Runs {@code action} through the CLI ({@code args}) and the library; both must refuse alike. */
  private void bothRefuse(Consumer<Logto> action, boolean strict, String... args) {
    String before = db.schemaSnapshot() + db.query("select value::text from logto_configs");
    CliRunner.Result result = cli(args);
    LogtoException thrown = catchThrowableOfType(() -> action.accept(library(strict)), LogtoException.class);

    assertThat(thrown).as("the library refuses what `logto " + String.join(" ", args) + "` refuses:\n" + result)
        .isNotNull();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(thrown.code().exitCode()).isNotZero();
    String cliError = result.err().lines().filter(l -> l.startsWith("[error] ")).findFirst().orElseThrow()
        .substring("[error] ".length());
    assertThat(cliError).as("the same message").isEqualTo(thrown.getMessage());
    assertThat(db.schemaSnapshot() + db.query("select value::text from logto_configs")).isEqualTo(before);
  }

  private void deployed(String target) {
    assertThat(cli("deploy", target).exitCode()).isZero();
  }

  @Test
  void aDatabaseAheadOfTheTool() {
    deployed("1.1.0");
    db.execute("update logto_configs set value = '{\"timestamp\": 900, \"updatedAt\": \"2030-01-01T00:00:00Z\"}'");
    bothRefuse(l -> l.deploy("next"), false, "deploy", "next");
    bothRefuse(l -> l.rollback("1.0.0"), false, "rollback", "1.0.0", "--yes");
  }

  @Test
  void aSkippedAlteration() throws Exception {
    deployed("1.1.0");
    Fixtures.script(dir, "1.0.5-150-create-late.sql", "create table late (id int);", "drop table late;");
    bothRefuse(l -> l.deploy("next"), false, "deploy", "next");
  }

  @Test
  void anEditedAlterationWithStrict() throws Exception {
    deployed("1.1.0");
    Files.writeString(dir.resolve("1.0.0-100-create-a.sql"),
        "-- alteration:up\ncreate table a (id bigint);\n-- alteration:down\ndrop table a;\n");
    Fixtures.script(dir, "1.2.0-300-create-c.sql", "create table c (id int);", "drop table c;");
    bothRefuse(l -> l.deploy("next"), true, "deploy", "next", "--strict");
    bothRefuse(l -> l.rollback("0.0.0"), true, "rollback", "0.0.0", "--yes", "--strict");
  }

  @Test
  void theJournalAndTheStateDisagree() {
    deployed("1.1.0");
    db.execute("update logto_configs set value = jsonb_set(value, '{timestamp}', '100') where key = 'alterationState'");
    bothRefuse(l -> l.deploy("next"), false, "deploy", "next");
    bothRefuse(l -> l.rollback("0.0.0"), false, "rollback", "0.0.0", "--yes");
  }

  @Test
  void aReadOnlyDatabase() {
    deployed("1.0.0");
    db.execute("alter database \"" + db.name() + "\" set default_transaction_read_only = on");
    CliRunner.Result result = cli("deploy", "next");
    LogtoException thrown = catchThrowableOfType(() -> library(false).deploy("next"), LogtoException.class);

    assertThat(thrown).isNotNull();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(thrown.code().exitCode()).isEqualTo(1);
    // the same message; the command line names the database by its URL, the library as "The database"
    String suffix = " only allows read-only transactions (default_transaction_read_only is on). Use a writable"
        + " database or user; nothing was changed.";
    assertThat(result.err()).contains(suffix);
    assertThat(thrown.getMessage()).isEqualTo("The database" + suffix);
    assertThat(db.tables()).doesNotContain("b");
  }
}
