package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input of every kind ends with the right exit code, one error line (details indented under
 * it, never a stack trace) and an unchanged database.
 */
class BadInputIT {
  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;
  private String snapshot;
  private BigDecimal state;
  private List<String> tables;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  /** A database at 1.0.2 (scripts 1 and 2 applied, 3 pending) with an extra table x. */
  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, 3, "");
    // before the deploy, so the schema fingerprint it records has x (made after, x is drift: a warning)
    db.execute("create table x (id int)");
    CliRunner.Result run = new CliRunner().run("db", "alt", "deploy", "1.0.2", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    remember();
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private void remember() {
    snapshot = db.schemaSnapshot();
    state = db.stateTimestamp();
    tables = db.tables();
  }

  /** {@code logto db alt <command...> --db-url <db> --alterations <dir>}. */
  private Logto.Run logto(String... command) {
    return logtoWith(alterations, command);
  }

  private Logto.Run logtoWith(Path scripts, String... command) {
    List<String> args = new ArrayList<>(List.of("db", "alt"));
    args.addAll(List.of(command));
    args.addAll(List.of("--db-url", db.url(), "--alterations", scripts.toString()));
    return Logto.run(temp.resolve("cwd"), args.toArray(String[]::new));
  }

  private static Logto.Run raw(Map<String, String> env, Path cwd, String... args) {
    return Logto.run(cwd, env, args);
  }

  /** Exit code, one [error] line first (details indented), no stack trace, the words, database unchanged. */
  private void assertRefused(Logto.Run run, int exit, String... words) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(exit);
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(run.toString()).isNotEmpty();
    assertThat(lines.get(0)).as(run.toString()).startsWith("[error] ").contains(words);
    assertThat(lines.subList(1, lines.size())).as("only indented details after the error line\n" + run)
        .allMatch(l -> l.startsWith(" "));
    assertThat(run.err()).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    assertUnchanged();
  }

  private void assertUnchanged() {
    assertThat(db.schemaSnapshot()).isEqualTo(snapshot);
    assertThat(db.tables()).isEqualTo(tables);
    BigDecimal now = db.stateTimestamp();
    if (state == null) {
      assertThat(now).isNull();
    } else {
      assertThat(now).isEqualByComparingTo(state);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "v", "1.2.3.4", "'; drop table x; --"})
  void malformedDeployVersion(String version) {
    assertRefused(logto("deploy", version), 2, "Invalid target version");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "v", "1.2.3.4", "'; drop table x; --"})
  void malformedRollbackVersion(String version) {
    assertRefused(logto("rollback", version, "--yes"), 2, "Invalid target version");
  }

  /**
   * A duration PostgreSQL would round to 0 (turning the timeout off) or refuse is a usage error
   * while the command line is parsed, {@code --dry-run} included, naming the range.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--lock-timeout=PT0.0004S", "--lock-timeout=9999999999h", "--statement-timeout=PT0.0015S",
      "--lock-wait=99999999999999999999h", "--lock-wait=PT-5S"})
  void durationsOutOfRangeAreRefusedUpFront(String option) {
    String value = option.substring(option.indexOf('=') + 1);
    for (String command : List.of("deploy next --dry-run", "rollback 0.0.0 --yes")) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add(option);
      Logto.Run run = logto(args.toArray(String[]::new));
      assertRefused(run, 2, "Invalid value for option '" + option.substring(0, option.indexOf('=')) + "': '" + value + "'",
          "from 1ms to 2147483647ms");
      assertThat(run.out()).as(run.toString()).isEmpty();
    }
  }

  @Test
  void rollbackTargetAboveTheCurrentStateRevertsNothing() {
    Logto.Run run = logto("rollback", "1.0.5", "--yes");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).as(run.toString()).contains("Found 0 alteration to revert");
    assertThat(run.err()).as(run.toString()).isBlank();
    assertUnchanged();
  }

  @Test
  void unreachableHostExitsOneWithoutShowingThePassword() {
    String url = "postgres://u:s3cretpw@127.0.0.1:1/x";
    Path cwd = temp.resolve("cwd");
    List<Logto.Run> runs = List.of(
        raw(Map.of(), cwd, "db", "alt", "deploy", "next", "--db-url", url, "--alterations", alterations.toString()),
        raw(Map.of(), cwd, "db", "alt", "deploy", "next", "--db-url", url, "--alterations", alterations.toString(),
            "--stacktrace"),
        raw(Map.of("DB_URL", url), cwd, "db", "alt", "rollback", "0.0.0", "--yes", "--alterations",
            alterations.toString()),
        raw(Map.of(), cwd, "db", "alt", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=s3cretpw",
            "--alterations", alterations.toString()));
    for (Logto.Run run : runs) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(1);
      assertThat(run.all()).as(run.toString()).doesNotContain("s3cretpw").contains("127.0.0.1");
    }
    assertRefused(runs.get(0), 1, "Cannot connect");
  }

  @Test
  void missingDatabaseExitsOne() {
    String missing = "logto_missing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Logto.Run run = raw(Map.of(), temp.resolve("cwd"), "db", "alt", "deploy", "next", "--db-url",
        "postgres://postgres@" + db.host() + ":" + db.port() + "/" + missing, "--alterations", alterations.toString());
    assertRefused(run, 1, missing, "does not exist");
  }

  @Test
  void userWithoutCreateOnPublicIsRefusedNamingThePermission() throws SQLException {
    String role = "logto_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (TestDatabase fresh = TestPostgres.createDatabase()) {
      try (Connection admin = TestPostgres.admin(); Statement st = admin.createStatement()) {
        st.execute("create role " + role + " login");
      }
      try {
        Logto.Run run = raw(Map.of(), temp.resolve("cwd"), "db", "alt", "deploy", "next", "--db-url",
            "postgres://" + role + "@" + fresh.host() + ":" + fresh.port() + "/" + fresh.name(),
            "--alterations", alterations.toString());
        assertRefused(run, 1, "permission denied");
        assertThat(fresh.tables()).isEmpty();
        assertThat(fresh.stateTimestamp()).isNull();
      } finally {
        fresh.close();
        try (Connection admin = TestPostgres.admin(); Statement st = admin.createStatement()) {
          st.execute("drop role if exists " + role);
        }
      }
    }
  }

  @Test
  void readOnlyDatabaseIsRefused() {
    db.execute("alter database " + db.name() + " set default_transaction_read_only = on");
    assertRefused(logto("deploy", "next"), 1, "read-only");
    assertRefused(logto("rollback", "0.0.0", "--yes"), 1, "read-only");
  }

  /** Scripts 1 and 2 as applied, plus {@code fileName} with {@code text}. */
  private Path withThird(String fileName, String text) {
    Path dir = temp.resolve("bad-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      for (int n = 1; n <= 2; n++) {
        Files.copy(alterations.resolve(Logto.fileName(n)), dir.resolve(Logto.fileName(n)));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Fixtures.write(dir, fileName, text);
    return dir;
  }

  @Test
  void syntaxErrorNamesFileLineAndColumnAndRollsBack() {
    Path dir = withThird(Logto.fileName(3), String.join("\n",
        "-- alteration:up",
        "create table t3 (id int primary key);",
        "create tabel t4 (id int);",
        "-- alteration:down",
        "drop table t3;",
        ""));
    assertRefused(logtoWith(dir, "deploy", "next"), 1, Logto.fileName(3), "line 3", "column 8", "syntax error");
  }

  /**
   * A parameter named {@code begin} is not a {@code BEGIN ATOMIC} body: the {@code COMMIT} after the
   * function is refused at its line before anything runs (it used to be hidden in the function).
   */
  @Test
  void commitAfterAParameterNamedBeginIsRefusedAtItsLine() {
    Path dir = withThird(Logto.fileName(3), String.join("\n",
        "-- alteration:up",
        "create table t3 (id int primary key);",
        "create function f(begin int) returns int language sql as 'select 1';",
        "commit;",
        "create table t4 (id int);",
        "-- alteration:down",
        "drop table t3;",
        ""));
    assertRefused(logtoWith(dir, "deploy", "next"), 2, Logto.fileName(3), "'COMMIT' at line 4",
        "would end logto's transaction");
  }

  /** Scripts 1 and 2 as applied, plus script 3 holding {@code bytes}. */
  private Path withThirdBytes(byte[] bytes) {
    Path dir = withThird(Logto.fileName(3), "");
    try {
      Files.write(dir.resolve(Logto.fileName(3)), bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return dir;
  }

  /** A NUL byte used to reach the server, which dropped the connection ("run the same command again", forever). */
  @Test
  void aNulByteInAScriptIsRefusedAtItsLineBeforeAnythingRuns() {
    byte[] script = "-- alteration:up\ncreate table t3 (id int);\ninsert into t3 values (1); -- a\0b\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertRefused(logtoWith(withThirdBytes(script), "deploy", "next"), 2, Logto.fileName(3), "line 3 holds a NUL byte",
        "Fix: remove it");
  }

  /** Bytes that are not UTF-8 used to be replaced by U+FFFD and stored. */
  @Test
  void bytesThatAreNotUtf8AreRefusedAtTheirLine() {
    byte[] script = {'-', '-', ' ', 'a', 'l', 't', 'e', 'r', 'a', 't', 'i', 'o', 'n', ':', 'u', 'p', '\n',
        'c', 'r', 'e', 'a', 't', 'e', ' ', 't', 'a', 'b', 'l', 'e', ' ', 't', '3', ' ', '(', 'c', (byte) 0xE9, ' ',
        'i', 'n', 't', ')', ';', '\n'};
    assertRefused(logtoWith(withThirdBytes(script), "deploy", "next"), 2, Logto.fileName(3),
        "line 2 has a byte that is not UTF-8 (0xE9", "save the file as UTF-8");
  }

  /** A dangling symbolic link used to be 'Unexpected error: java.io.UncheckedIOException' (exit 1). */
  @Test
  void aDanglingSymbolicLinkInTheFolderIsAUsageError() throws IOException {
    Path dir = withThird(Logto.fileName(3), "-- alteration:up\ncreate table t3 (id int);\n");
    Path link = dir.resolve(Logto.fileName(4));
    Files.createSymbolicLink(link, temp.resolve("moved-away.sql"));
    for (String command : List.of("deploy next", "status", "list")) {
      assertRefused(logtoWith(dir, command.split(" ")), 2, "Cannot read alteration " + link,
          "symbolic link to " + temp.resolve("moved-away.sql"), "which does not exist", "Fix: ");
    }
  }

  /** An I/O failure writing a new script used to be 'Unexpected error: java.io.UncheckedIOException' (exit 1). */
  @Test
  void newInAFolderThatCannotBeCreatedIsAUsageError() {
    Logto.Run run = Logto.run(temp.resolve("cwd"), "db", "alt", "new", "add-x", "--alterations", "/proc/nope/alts");
    assertRefused(run, 2, "Cannot create the alterations folder /proc/nope/alts: ", "Fix: pass --alterations a folder");
  }

  /** The log file tells the run as the console did (it used to hold only "Running alteration ..."), --quiet or not. */
  @Test
  void aFailedDeploysLogFileHoldsItsInfoAndErrorLines() throws IOException {
    Path dir = withThird(Logto.fileName(3), String.join("\n",
        "-- alteration:up",
        "create table t3 (id int primary key);",
        "create tabel t4 (id int);",
        ""));
    Path log = temp.resolve("logs/deploy.log");
    Logto.Run run = logtoWith(dir, "deploy", "next", "--quiet", "--log-file", log.toString());
    assertRefused(run, 1, Logto.fileName(3), "line 3");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).as(String.join("\n", lines))
        .anyMatch(l -> l.endsWith(" INFO  io.logto.db.console - [info] Deploy target next"))
        .anyMatch(l -> l.endsWith(" INFO  io.logto.db.console - [info] Found 1 alteration to deploy"))
        .anyMatch(l -> l.contains(" ERROR io.logto.db.console - [error] Error occurred during running alteration "
            + Logto.fileName(3) + " `up()` at line 3, column 8: syntax error"))
        .anyMatch(l -> l.contains(" ERROR io.logto.db.console -         This alteration didn't change anything"));
    // every line of the console's stderr is in the log, in order
    List<String> logged = lines.stream().filter(l -> l.contains(" io.logto.db.console - "))
        .map(l -> l.substring(l.indexOf(" io.logto.db.console - ") + " io.logto.db.console - ".length())).toList();
    assertThat(logged).containsSubsequence(run.err().lines().filter(l -> !l.isBlank()).toList());
  }

  @Test
  void scriptWithOnlyADownSectionIsRefusedNamingTheFile() {
    Path dir = withThird(Logto.fileName(3), "-- alteration:down\ndrop table t3;\n");
    assertRefused(logtoWith(dir, "deploy", "next"), 2, Logto.fileName(3));
  }

  @Test
  void emptyScriptIsRefusedNamingTheFile() {
    Path dir = withThird(Logto.fileName(3), "");
    assertRefused(logtoWith(dir, "deploy", "next"), 2, Logto.fileName(3), "empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0.3-add-thing.sql", "1.0.3-1700000300-Add_Thing.sql", "notes.txt"})
  void badFileNameIsRefusedNamingTheFile(String name) {
    Path dir = withThird(name, "-- alteration:up\ncreate table t3 (id int);\n");
    assertRefused(logtoWith(dir, "deploy", "next"), 2, name);
  }

  /**
   * The database is opened while the scripts are read (Opening): a broken script is still the
   * error reported when the database cannot be reached, and a database the command opened is closed
   * again when its scripts turn out broken.
   */
  @ParameterizedTest
  @ValueSource(strings = {"deploy next", "rollback 1.0.1 --yes", "status"})
  void brokenScriptIsReportedBeforeTheDatabaseAndTheConnectionIsClosed(String command) {
    Path dir = withThird(Logto.fileName(3), "");
    List<String> args = new ArrayList<>(List.of("db", "alt"));
    args.addAll(List.of(command.split(" ")));
    args.addAll(List.of("--alterations", dir.toString(), "--db-url"));
    List<String> unreachable = new ArrayList<>(args);
    unreachable.add("postgres://nobody:secret@127.0.0.1:1/none");
    assertRefused(Logto.run(temp.resolve("cwd"), unreachable.toArray(String[]::new)), 2, Logto.fileName(3), "empty");

    args.add(db.url());
    CliRunner.Result inProcess = new CliRunner().run(args.toArray(String[]::new));
    assertThat(inProcess.exitCode()).as(inProcess.toString()).isEqualTo(2);
    assertThat(inProcess.err()).as(inProcess.toString()).contains(Logto.fileName(3), "empty");
    assertThat(logtoSessionsOnceSettled()).as("logto sessions left open").isZero();
    assertUnchanged();
  }

  /**
   * Asking for a URL on the terminal and starting an embedded server wait until the scripts are read:
   * a broken script is reported without either.
   */
  @Test
  void brokenScriptIsReportedBeforeAskingForAURLOrStartingAnEmbeddedServer() {
    Path dir = withThird(Logto.fileName(3), "");
    java.util.List<String> asked = new java.util.ArrayList<>();
    io.logto.db.cli.render.Interaction terminal = new io.logto.db.cli.render.Interaction() {
      @Override
      public boolean interactive() {
        return true;
      }

      @Override
      public java.util.Optional<String> choose(String message, List<String> choices) {
        asked.add(message);
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<Boolean> confirm(String message) {
        asked.add(message);
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<String> readSecretLine(String message) {
        asked.add(message);
        return java.util.Optional.of(db.url());
      }
    };
    Path cwd = temp.resolve("empty-cwd");
    CliRunner.Result noUrl = new CliRunner().in(cwd).interaction(terminal)
        .run("db", "alt", "deploy", "next", "--alterations", dir.toString());
    assertThat(noUrl.exitCode()).as(noUrl.toString()).isEqualTo(2);
    assertThat(noUrl.err()).as(noUrl.toString()).contains(Logto.fileName(3), "empty");
    assertThat(asked).as("prompts shown before the script error").isEmpty();

    Path server = temp.resolve("embedded-data");
    CliRunner.Result embedded = new CliRunner().in(cwd)
        .run("db", "alt", "status", "--alterations", dir.toString(), "--db-url", "embedded:" + server);
    assertThat(embedded.exitCode()).as(embedded.toString()).isEqualTo(2);
    assertThat(embedded.err()).as(embedded.toString()).contains(Logto.fileName(3), "empty");
    assertThat(server).as("an embedded server started for broken scripts").doesNotExist();
    assertUnchanged();
  }

  /** logto's sessions on the test database, once closed ones have had a moment to end on the server. */
  private int logtoSessionsOnceSettled() {
    int sessions = 0;
    for (int attempt = 0; attempt < 50; attempt++) {
      sessions = Integer.parseInt(db.query("select count(*) from pg_stat_activity where application_name = 'logto'"
          + " and datname = current_database()").get(0));
      if (sessions == 0) {
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return sessions;
  }

  @Test
  void stateFromANewerToolExitsFourSayingAhead() {
    db.execute("update logto_configs set value = jsonb_set(value, '{timestamp}', '9999999999')"
        + " where key = 'alterationState'");
    remember();
    assertRefused(logto("deploy", "next"), 4, "ahead");
    assertRefused(logto("rollback", "0.0.0", "--yes"), 4, "ahead");
  }

  @Test
  void missingAlterationsPathIsUsageError() {
    Path missing = temp.resolve("no-such-dir");
    assertRefused(logtoWith(missing, "deploy", "next"), 2, missing.toString(), "does not exist");
  }

  @Test
  void pgEnvironmentVariablesLocateTheDatabase() throws IOException {
    Path cwd = Files.createDirectories(temp.resolve("empty-cwd")); // no .env here
    Logto.Run run = raw(Map.of("PGHOST", db.host(), "PGPORT", Integer.toString(db.port()), "PGUSER", "postgres",
            "PGDATABASE", db.name()),
        cwd, "db", "alt", "deploy", "next", "--alterations", alterations.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(3));
    assertThat(Logto.userTables(db)).containsExactly("t1", "t2", "t3", "x");
  }
}
