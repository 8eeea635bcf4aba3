package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.Jar;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar where a Logto CLI user would notice a difference (packages/cli/src/index.ts and
 * commands/database/alteration/ upstream): {@code -v}, global options before the subcommands,
 * {@code -e}/{@code --env}, {@code DATABASE_STATEMENT_TIMEOUT}, released versions only without a
 * target, upstream's rollback lines, {@code rollback --to-timestamp}, and what a typo gets.
 * The terminal prompts are in {@link TerminalIT}; the state table in {@link LogtoDatabaseIT}.
 */
class UpstreamCliIT {
  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;

  @BeforeAll
  static void needsTheJar() {
    Jar.path();
  }

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(alterations, "1.1.0-2000-create-b.sql", "create table b1 (id int);", "drop table b1;");
    Fixtures.script(alterations, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    Fixtures.script(alterations, "next-4000-create-d.sql", "create table d1 (id int);", "drop table d1;");
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private Jar.Run logto(Map<String, String> env, String... args) {
    return Jar.run(temp, env, args);
  }

  private Jar.Run logto(String... args) {
    return logto(Map.of(), args);
  }

  /** {@code args} then {@code --db-url} and {@code --alterations}. */
  private String[] on(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", db.url(), "--alterations", alterations.toString()));
    return all.toArray(String[]::new);
  }

  private void deployed(String version) {
    Jar.Run run = logto(on("db", "alt", "deploy", version));
    assertThat(run.exit()).as(run.toString()).isZero();
  }

  private static void usageError(Jar.Run run, String message) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).containsExactly("[error] " + message);
  }

  // ---------------------------------------------------------------- -v and --verbose

  @Test
  void dashVPrintsTheVersionAsUpstreamAndChangesNothing() {
    Jar.Run version = logto("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.outLines().get(0)).matches("logto \\d+\\.\\d+\\.\\d+.*");
    for (String[] args : List.of(new String[] {"-v"}, new String[] {"-V"}, on("db", "alt", "deploy", "next", "-v"))) {
      Jar.Run run = logto(args);
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).isEqualTo(version.out());
    }
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void verboseHasOnlyItsLongName() {
    Jar.Run run = logto(on("db", "alt", "deploy", "1.0.0", "--verbose"));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).contains("DEBUG io.logto.db.sql - create table a1 (id int)");
  }

  // ---------------------------------------------------------------- options before the subcommands

  @Test
  void databaseUrlBeforeTheSubcommandsWorksAsAfterThem() {
    Jar.Run root = logto("--db-url", db.url(), "db", "alteration", "deploy", "1.0.0", "--alterations",
        alterations.toString());
    assertThat(root.exit()).as(root.toString()).isZero();
    Jar.Run group = logto("db", "--db-url", db.url(), "alt", "deploy", "1.1.0", "--alterations", alterations.toString());
    assertThat(group.exit()).as(group.toString()).isZero();
    Jar.Run alias = logto("db", "alt", "--db", db.url(), "deploy", "1.2.0", "--alterations", alterations.toString());
    assertThat(alias.exit()).as(alias.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  @Test
  void anOptionGivenBeforeAndAfterTheSubcommandIsAUsageError() {
    usageError(logto("--db-url", db.url(), "db", "alt", "status", "--db-url", db.url()),
        "--db-url is given twice, to `logto` and to `logto db alteration status`. Give it once.");
    assertThat(db.tables()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-e .env.prod db alt status", "--env .env.prod db alt status",
      "--env-file .env.prod db alt status", "db -e .env.prod alt status", "db alt status -e .env.prod",
      "db alt status --env .env.prod"})
  void theEnvFileAnswersToUpstreamsNamesBeforeAndAfterTheSubcommand(String line) throws IOException {
    Files.writeString(temp.resolve(".env.prod"), "DB_URL=" + db.url() + "\n");
    List<String> args = new ArrayList<>(List.of(line.split(" ")));
    args.addAll(List.of("--alterations", alterations.toString()));
    Jar.Run run = logto(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines().get(0)).startsWith("[info] postgres://postgres@").contains(db.name());
  }

  // ---------------------------------------------------------------- DATABASE_STATEMENT_TIMEOUT

  @Test
  void databaseStatementTimeoutIsTheDefaultOfStatementTimeout() throws IOException {
    Fixtures.script(alterations, "1.2.1-3500-slow.sql", "select pg_sleep(3);", "select 1;");
    Jar.Run env = logto(Map.of("DATABASE_STATEMENT_TIMEOUT", "300"), on("db", "alt", "deploy", "1.2.1"));
    assertThat(env.exit()).as(env.toString()).isEqualTo(1);
    assertThat(env.err()).contains("1.2.1-3500-slow.sql").contains("canceling statement due to statement timeout"
        + " (SQLSTATE 57014)");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));

    Files.writeString(temp.resolve(".env"), "DATABASE_STATEMENT_TIMEOUT=300\n");
    Jar.Run envFile = logto(on("db", "alt", "deploy", "1.2.1"));
    assertThat(envFile.exit()).as(envFile.toString()).isEqualTo(1);
    assertThat(envFile.err()).contains("(SQLSTATE 57014)");

    Jar.Run optionWins = logto(Map.of("DATABASE_STATEMENT_TIMEOUT", "300"), on("db", "alt", "deploy", "1.2.1",
        "--statement-timeout", "0"));
    assertThat(optionWins.exit()).as(optionWins.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3500));
  }

  @Test
  void databaseStatementTimeoutAcceptsUpstreamsDisableValueAndRefusesNonsense() {
    Fixtures.script(alterations, "1.2.1-3500-short.sql", "select pg_sleep(0.5);", "select 1;");
    Jar.Run disabled = logto(Map.of("DATABASE_STATEMENT_TIMEOUT", "DISABLE_TIMEOUT"), on("db", "alt", "deploy", "1.2.1"));
    assertThat(disabled.exit()).as(disabled.toString()).isZero();
    usageError(logto(Map.of("DATABASE_STATEMENT_TIMEOUT", "soon"), on("db", "alt", "rollback", "1.0.0", "--yes")),
        "DATABASE_STATEMENT_TIMEOUT=soon (from the environment) is not a statement timeout: use milliseconds (30000,"
            + " as the Logto CLI), a duration such as 30s, or DISABLE_TIMEOUT.");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3500));
  }

  // ---------------------------------------------------------------- deploy without a version

  @Test
  void withoutAVersionOnlyReleasedAlterationsCount() {
    deployed("1.2.0");
    String before = db.schemaSnapshot();
    Jar.Run run = logto(on("db", "alt", "deploy"));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).containsExactly("[info] Found 0 alteration to deploy",
        "[info] 1 unreleased (next) alteration is pending: deploy next applies it");
    assertThat(run.err()).isEmpty();
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  @Test
  void withoutAVersionAndReleasedAlterationsPendingOffATerminalItIsAUsageError() {
    deployed("1.0.0");
    usageError(logto(on("db", "alt", "deploy")), "Missing target version: 3 alterations pending. Pass one, e.g."
        + " `logto db alteration deploy 1.2.0`, `latest` or `next` (not on a terminal, so logto cannot ask).");
  }

  // ---------------------------------------------------------------- rollback

  @Test
  void rollbackPrintsUpstreamsLinesBeforeItsPlanAndTheConfirmation() {
    deployed("1.2.0");
    Jar.Run run = logto(on("db", "alt", "rollback", "1.0.0"));
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.outLines()).containsExactly("[info] Revert target 1.0.0", "[info] Found 2 alterations to revert",
        "[info]   will revert 1.2.0-3000-create-c.sql", "[info]   will revert 1.1.0-2000-create-b.sql");
    assertThat(run.errLines()).containsExactly("[error] Rollback needs confirmation: re-run with --yes to revert 2"
        + " alterations (not on a terminal, so logto cannot ask). Nothing was changed.");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  @Test
  void rollbackToTimestampRevertsTheAppliedAlterationsNewerThanIt() {
    deployed("next");
    String before = db.schemaSnapshot();
    Jar.Run refused = logto(on("db", "alt", "rollback", "--to-timestamp", "2000"));
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.outLines()).containsExactly("[info] Revert target timestamp 2000",
        "[info] Found 2 alterations to revert", "[info]   will revert next-4000-create-d.sql",
        "[info]   will revert 1.2.0-3000-create-c.sql");
    assertThat(db.schemaSnapshot()).isEqualTo(before);

    Jar.Run run = logto(on("db", "alt", "rollback", "--to-timestamp", "2000", "--yes"));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(2000));
    assertThat(db.tables()).contains("a1", "b1").doesNotContain("c1", "d1");

    Jar.Run between = logto(on("db", "alt", "r", "--to-timestamp", "1500.5", "--yes"));
    assertThat(between.exit()).as(between.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));

    Jar.Run nothing = logto(on("db", "alt", "rollback", "--to-timestamp", "1000", "--yes"));
    assertThat(nothing.outLines()).containsExactly("[info] Revert target timestamp 1000",
        "[info] Found 0 alteration to revert");
  }

  @Test
  void rollbackToTimestampChecksItsInputAndTheScriptsFirst() {
    deployed("next");
    String before = db.schemaSnapshot();
    usageError(logto(on("db", "alt", "rollback", "1.0.0", "--to-timestamp", "2000", "--yes")),
        "Pass either a version (1.0.0) or --to-timestamp, not both.");
    usageError(logto(on("db", "alt", "rollback", "--to-timestamp", "yesterday", "--yes")),
        "--to-timestamp 'yesterday' is not a timestamp: pass Unix seconds as in alteration file names, such as"
            + " 1700400000 (the applied alterations newer than it are reverted).");
    usageError(logto(on("db", "alt", "rollback", "--yes")), "Missing target version: pass the version to keep, e.g."
        + " `logto db alteration rollback 1.2.0` (0.0.0 reverts everything), or --to-timestamp TIMESTAMP.");
    Fixtures.write(alterations, "1.1.0-2000-create-b.sql", "-- alteration:up\ncreate table b1 (id int);\n");
    usageError(logto(on("db", "alt", "rollback", "--to-timestamp", "1000", "--yes")),
        "Cannot roll back to timestamp 1000: alteration 1.1.0-2000-create-b.sql has no '-- alteration:down' section,"
            + " so it cannot be reverted. Nothing was changed. Add a down section to it, or roll back to 1.1.0 or above.");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(4000));
  }

  // ---------------------------------------------------------------- deliberately stricter than upstream

  /** The Logto CLI never runs a script merged below the state and does not notice an edited one. */
  @Test
  void skippedScriptsAreRefusedAndEditedOnesWarnedOrRefusedWithStrict() {
    deployed("1.2.0");
    Fixtures.script(alterations, "1.1.0-2500-merged-late.sql", "create table late (id int);", "drop table late;");
    Jar.Run skipped = logto(on("db", "alt", "deploy", "next"));
    assertThat(skipped.exit()).as(skipped.toString()).isEqualTo(4);
    assertThat(skipped.errLines()).containsExactly("[error] Skipped alteration 1.1.0-2500-merged-late.sql: older than"
        + " the database state but never applied (merged late). Apply it with --include-skipped, or give it a new"
        + " timestamp above the newest alteration.");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));

    try {
      Files.delete(alterations.resolve("1.1.0-2500-merged-late.sql"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Fixtures.script(alterations, "1.0.0-1000-create-a.sql", "create table a1 (id bigint);", "drop table a1;");
    Jar.Run strict = logto(on("db", "alt", "deploy", "next", "--strict"));
    assertThat(strict.exit()).as(strict.toString()).isEqualTo(4);
    assertThat(strict.errLines()).singleElement().asString()
        .startsWith("[error] Alteration 1.0.0-1000-create-a.sql was edited after it was applied");
    Jar.Run warned = logto(on("db", "alt", "deploy", "next"));
    assertThat(warned.exit()).as(warned.toString()).isZero();
    assertThat(warned.errLines()).singleElement().asString()
        .startsWith("[warn] Alteration 1.0.0-1000-create-a.sql was edited after it was applied");
  }

  // ---------------------------------------------------------------- typos and misplaced options

  @Test
  void aMistypedCommandGetsTheClosestOne() {
    usageError(logto("db", "alt", "deplyo", "1.0.0"), "Unknown command 'deplyo' for `logto db alteration`: did you"
        + " mean deploy? Run 'logto db alteration --help' for usage.");
    usageError(logto("db", "deploy", "1.0.0"), "Unknown command 'deploy' for `logto db`: did you mean logto db"
        + " alteration deploy? Run 'logto db --help' for usage.");
    usageError(logto("db", "alt", "frobnicate"), "Unknown command 'frobnicate' for `logto db alteration`; its commands"
        + " are deploy, rollback, list, status, new, release, check, reconcile and diff. Run 'logto db alteration --help' for usage.");
    usageError(logto("db", "alt", "deploy", "1.0.0", "--dry-rnu"), "Unknown option '--dry-rnu' for `logto db"
        + " alteration deploy`: did you mean --dry-run? Run 'logto db alteration deploy --help' for usage.");
  }

  @Test
  void anOptionWhereItIsNotAcceptedSaysWhereItGoes() {
    deployed("1.2.0");
    String before = db.schemaSnapshot();
    usageError(logto(on("db", "alt", "--yes", "rollback", "1.0.0")), "Unknown option '--yes' for `logto db"
        + " alteration`: it is an option of rollback. Put it after the command it belongs to, e.g. logto db alteration"
        + " rollback ... --yes. Run 'logto db alteration --help' for usage.");
    usageError(logto(on("--dry-run", "db", "alt", "deploy", "next")), "Unknown option '--dry-run' for `logto`: it is"
        + " an option of deploy and rollback. Put it after the command it belongs to, e.g. logto db alteration deploy"
        + " ... --dry-run. Run 'logto --help' for usage.");
    usageError(logto(on("db", "alt", "deploy", "next", "--yes")), "Unknown option '--yes' for `logto db alteration"
        + " deploy`: it is an option of rollback. Put it after the command it belongs to, e.g. logto db alteration"
        + " rollback ... --yes. Run 'logto db alteration deploy --help' for usage.");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
  }
}
