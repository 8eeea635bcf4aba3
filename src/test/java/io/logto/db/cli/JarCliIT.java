package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logto.db.alteration.Version;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built jar ({@code -Dlogto.jar}) run as a subprocess the way an operator runs it: stdin not a
 * terminal, no DB_URL or PG* variables unless a test sets them, one fresh database per test.
 */
class JarCliIT {
  private static final int TIMEOUT_SECONDS = 90;

  private static final Pattern NAME = Pattern.compile("(.+?)-(\\d{1,10}(?:\\.\\d+)?)-[a-z0-9-]+?(?:\\.sql)?");

  /**
   * The jar's own alterations in timestamp order, as its {@code list} names them: the SQL files of
   * alterations/ plus any Java alterations. Expectations (counts, targets, states) derive from it.
   */
  private static List<Shipped> shipped;

  /** One shipped alteration: its name, version ({@code next} or semver) and timestamp. */
  record Shipped(String name, String version, BigDecimal timestamp) {
    static Shipped of(String name) {
      Matcher m = NAME.matcher(name);
      assertThat(m.matches()).as("alteration name " + name).isTrue();
      return new Shipped(name, m.group(1), new BigDecimal(m.group(2)));
    }

    boolean isNext() {
      return version.equals("next");
    }

    Version semver() {
      return Version.parse(version.replace('_', '-'));
    }

    boolean isAtOrBelow(String target) {
      return !isNext() && semver().compareTo(Version.parse(target)) <= 0;
    }
  }

  private static List<Shipped> released() {
    return shipped.stream().filter(a -> !a.isNext()).toList();
  }

  private static String newestRelease() {
    return released().stream().map(Shipped::semver).max(Version::compareTo).orElseThrow().toString();
  }

  /** The shipped alterations at or below a version (written 1.0.0-rc.1, not v1.0.0_rc.1). */
  private static List<Shipped> upTo(String version) {
    return shipped.stream().filter(a -> a.isAtOrBelow(version)).toList();
  }

  private static List<String> names(List<Shipped> alterations) {
    return alterations.stream().map(Shipped::name).toList();
  }

  /** The state after deploying exactly {@code alterations} from an empty database. */
  private static BigDecimal stateAfter(List<Shipped> alterations) {
    return alterations.isEmpty() ? BigDecimal.ZERO : alterations.get(alterations.size() - 1).timestamp();
  }

  private static String found(int n, String verb) {
    return "[info] Found " + n + " alteration" + (n > 1 ? "s" : "") + " to " + verb;
  }

  private static Path jar;

  @TempDir
  Path temp;

  private TestDatabase db;
  private final List<TestDatabase> extraDatabases = new ArrayList<>();

  @BeforeAll
  static void findJar() {
    String property = System.getProperty("logto.jar");
    // surefire also picks this class up when -Dtest names the package; only failsafe (after package) sets logto.jar
    assumeTrue(property != null && !property.isBlank(), "needs -Dlogto.jar: run by failsafe in mvn verify");
    Path built = Path.of(property);
    assertThat(built).as("the packaged jar").isRegularFile();
    // a private copy: a concurrent `mvn package` rewriting target/ must not break the processes of this run
    try {
      Path copy = Files.createTempFile("logto-it-", ".jar");
      copy.toFile().deleteOnExit();
      jar = Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Run list = run(Map.of(), Path.of("").toAbsolutePath(), "db", "alteration", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
    shipped = list.outLines().stream().map(Shipped::of).toList();
    assertThat(shipped).as("the jar ships a history with releases and next").hasSizeGreaterThan(3)
        .anyMatch(Shipped::isNext).anyMatch(a -> !a.isNext());
  }

  @BeforeEach
  void createDatabase() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabases() {
    db.close();
    extraDatabases.forEach(TestDatabase::close);
  }

  // ---------------------------------------------------------------- running the jar

  /** Exit code and output of one process. */
  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Run logto(String... args) {
    return logto(Map.of(), temp, args);
  }

  private Run logto(Map<String, String> env, Path workingDirectory, String... args) {
    return run(env, workingDirectory, args);
  }

  private static Run run(Map<String, String> env, Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.equals("DB_URL") || k.startsWith("PG") || k.equals("NO_COLOR"));
    environment.putAll(env);
    try {
      Path out = Files.createTempFile("logto-it-stdout", ".txt");
      Path err = Files.createTempFile("logto-it-stderr", ".txt");
      out.toFile().deleteOnExit();
      err.toFile().deleteOnExit();
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close(); // stdin: a closed pipe, not a terminal
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("logto " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s; stdout:\n"
            + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Run deploy(String version) {
    Run run = logto("db", "alteration", "deploy", version, "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    return run;
  }

  // ---------------------------------------------------------------- database helpers

  /** The schema, the state row and the state timestamp: what "nothing changed" compares. */
  private record DbState(String schema, List<String> stateRow, String timestamp) {}

  private DbState state(TestDatabase database) {
    boolean hasTable = database.query("select to_regclass('logto_configs') is not null").get(0).equals("t");
    List<String> row = hasTable ? database.query("select key || '=' || value::text from logto_configs order by key")
        : List.of("<no logto_configs>");
    // the raw timestamp text: stateTimestamp() cannot parse the corrupt rows some tests write
    String timestamp = hasTable ? String.join(",", database.query(
        "select coalesce(value->>'timestamp', '<none>') from logto_configs where key = 'alterationState'")) : null;
    return new DbState(database.schemaSnapshot(), row, timestamp);
  }

  /** Tables other than the tool's own bookkeeping (logto_configs and any other logto_* table). */
  private static List<String> userTables(TestDatabase database) {
    return database.tables().stream().filter(t -> !t.startsWith("logto_")).toList();
  }

  /** The schema snapshot without the tool's own logto_* tables. */
  private static String userSchema(TestDatabase database) {
    return database.schemaSnapshot().lines().filter(l -> !l.contains("logto_")).collect(Collectors.joining("\n"));
  }

  private DbState state() {
    return state(db);
  }

  private static void assertOneLine(Run run) {
    assertThat(run.errLines()).as("stderr is one line\n" + run).hasSize(1);
  }

  private static void assertNoStackTrace(Run run) {
    assertThat(run.out() + run.err()).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  private static List<String> runLines(Run run) {
    return run.outLines().stream().filter(l -> l.startsWith("[info] Run alteration ")).toList();
  }

  private static List<String> upLines(List<String> files) {
    return files.stream().map(f -> "[info] Run alteration " + f + " `up()` function succeeded").toList();
  }

  private static BigDecimal ts(long seconds) {
    return BigDecimal.valueOf(seconds);
  }

  private void setStateRow(String valueJson) {
    db.execute("create table logto_configs (key varchar(256) not null primary key,"
        + " value jsonb not null default '{}'::jsonb)");
    db.execute("insert into logto_configs (key, value) values ('alterationState', '" + valueJson + "'::jsonb)");
  }

  // ---------------------------------------------------------------- version and help

  @Test
  void versionShowsToolNewestAlterationAndJava() {
    Run run = logto("--version");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).containsExactly(
        "logto 0.1.0",
        "alterations: 1.3.0 (" + shipped.size() + " alterations, 1 unreleased next)",
        "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "db", "db alteration", "db alteration deploy", "db alteration rollback",
      "db alteration list"})
  void helpOfEveryCommandListsExitCodes(String path) {
    List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
    args.add("--help");
    Run run = logto(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: logto" + (path.isEmpty() ? "" : " " + path) + " ")
        .contains("Exit Codes:")
        .contains("Success, also when there is nothing to do")
        .containsPattern("(?m)^\\s+2\\s+Bad usage")
        .containsPattern("(?m)^\\s+4\\s+A check failed:")
        .contains("130")
        .contains("143");
  }

  @Test
  void helpOfDeployDescribesVersionForms() {
    Run run = logto("db", "alteration", "deploy", "--help");
    assertThat(run.out()).contains("latest").contains("next").contains("v1.2.0").contains("--alterations")
        .contains("--db-url").contains("--env-file");
  }

  @Test
  void groupWithoutSubcommandIsUsageError() {
    Run run = logto("db", "alt");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).contains("Missing required subcommand").contains("logto db alteration --help");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db alteration", "database alteration", "db alt", "db alter", "database alt",
      "database alter"})
  void groupAliasesDeploy(String group) {
    List<String> args = new ArrayList<>(List.of(group.split(" ")));
    args.addAll(List.of("deploy", "1.0.0", "--db-url", db.url()));
    Run run = logto(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).startsWith("[info] Deploy target 1.0.0", found(upTo("1.0.0").size(), "deploy"));
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rollback", "r"})
  void rollbackAndItsAliasR(String name) {
    deploy("1.1.0");
    Run run = logto("database", "alter", name, "1.0.0-rc.1", "--yes", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).startsWith("[info] Revert target 1.0.0-rc.1",
        found(upTo("1.1.0").size() - upTo("1.0.0-rc.1").size(), "revert"));
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.1")));
  }

  // ---------------------------------------------------------------- deploy

  /** The newest release as typed: plain, v-prefixed, V-prefixed, or latest. */
  @ParameterizedTest
  @ValueSource(strings = {"%s", "v%s", "V%s", "latest"})
  void deployShippedAlterationsToNewestRelease(String form) {
    String target = String.format(form, newestRelease());
    Run run = logto("db", "alteration", "deploy", target, "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).as(run.toString()).isEmpty();
    List<Shipped> released = released();
    assertThat(run.outLines()).startsWith("[info] Deploy target " + newestRelease(),
        found(released.size(), "deploy"));
    List<String> ran = runLines(run);
    assertThat(ran).hasSize(released.size());
    for (int i = 0; i < released.size(); i++) {
      assertThat(ran.get(i)).startsWith(upLines(names(released)).get(i)).matches(".* \\(\\d+(\\.\\d+)? m?s\\)");
    }
    int unreleased = shipped.size() - released.size();
    assertThat(run.outLines()).last().asString().startsWith("[info] " + unreleased + " ").contains("above the target")
        .contains("pending").contains("deploy next");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(released));
    assertThat(db.tables()).contains("logto_configs");
    assertThat(userTables(db)).containsExactly("applications", "roles", "tenants", "user_profiles",
        "users", "users_roles");
    assertThat(db.columns("users")).contains("display_name:character varying", "is_suspended:boolean",
        "username_normalized:character varying").noneMatch(c -> c.startsWith("avatar:") || c.startsWith("name:"));
    assertThat(db.query("select value->>'updatedAt' from logto_configs where key = 'alterationState'").get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void deployNextRunsEverythingAndReRunFindsNothing() {
    Run run = logto("db", "alteration", "deploy", "next", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).startsWith("[info] Deploy target next", found(shipped.size(), "deploy"));
    assertThat(runLines(run)).hasSize(shipped.size());
    for (int i = 0; i < shipped.size(); i++) {
      assertThat(runLines(run).get(i)).startsWith(upLines(names(shipped)).get(i));
    }
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(shipped));
    assertThat(db.tables()).contains("organizations", "organization_users");

    DbState before = state();
    Run again = logto("db", "alteration", "deploy", "next", "--db-url", db.url());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.outLines()).containsExactly("[info] Deploy target next", "[info] Found 0 alteration to deploy");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void reRunningTheSameVersionFindsNothingAndChangesNothing() {
    deploy(newestRelease());
    DbState before = state();
    Run run = logto("db", "alteration", "deploy", newestRelease(), "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).startsWith("[info] Deploy target " + newestRelease(),
        "[info] Found 0 alteration to deploy");
    assertThat(runLines(run)).isEmpty();
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void deployInStepsContinuesFromTheState() {
    Run first = deploy("1.0.0-rc.1");
    assertThat(runLines(first)).hasSize(upTo("1.0.0-rc.1").size());
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.1")));
    Run second = deploy("v1.0.0_rc.1");
    assertThat(second.outLines()).contains("[info] Found 0 alteration to deploy");
    Run third = deploy("1.2.0");
    List<String> step = names(upTo("1.2.0")).subList(upTo("1.0.0-rc.1").size(), upTo("1.2.0").size());
    assertThat(third.outLines()).contains(found(step.size(), "deploy"));
    assertThat(runLines(third)).hasSize(step.size());
    for (int i = 0; i < step.size(); i++) {
      assertThat(runLines(third).get(i)).startsWith(upLines(step).get(i));
    }
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.2.0")));
  }

  @Test
  void deployWithoutVersionOffTerminalIsUsageErrorAndChangesNothing() {
    DbState before = state();
    Run run = logto("db", "alteration", "deploy", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] Missing target version: " + shipped.size() + " alterations pending.")
        .contains("logto db alteration deploy " + newestRelease()).contains("latest").contains("next")
        .contains("not on a terminal");
    assertThat(run.out()).isEmpty();
    assertThat(state()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isNull();
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void deployWithoutVersionWhenNothingIsPendingSucceeds() {
    deploy("next");
    DbState before = state();
    Run run = logto("db", "alteration", "deploy", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).containsExactly("[info] Found 0 alteration to deploy");
    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- where the URL comes from

  @Test
  void urlFromEnvironmentVariable() {
    Run run = logto(Map.of("DB_URL", db.url()), temp, "db", "alteration", "deploy", "1.0.0");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0")));
  }

  @Test
  void urlFromDotEnvInWorkingDirectory() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("project"));
    Files.writeString(dir.resolve(".env"), "# settings\nOTHER=1\nexport DB_URL=\"" + db.url() + "\"\n");
    Run run = logto(Map.of(), dir, "db", "alteration", "deploy", "1.0.0-rc.0");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.0")));
  }

  @Test
  void environmentVariableWinsOverDotEnv() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("project"));
    Files.writeString(dir.resolve(".env"), "DB_URL=postgres://nobody:pw@127.0.0.1:1/none\n");
    Run run = logto(Map.of("DB_URL", db.url()), dir, "db", "alteration", "deploy", "1.0.0-rc.0");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.0")));
  }

  @Test
  void urlFromEnvFileOption() throws IOException {
    Path config = Files.createDirectories(temp.resolve("config"));
    Files.writeString(config.resolve("prod.env"), "DB_URL=" + db.url() + "  # the test database\n");
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Run absolute = logto(Map.of(), elsewhere, "db", "alteration", "deploy", "1.0.0-rc.0",
        "--env-file", config.resolve("prod.env").toString());
    assertThat(absolute.exit()).as(absolute.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.0")));
    Run relative = logto(Map.of(), temp, "db", "alteration", "deploy", "1.0.0", "--env-file", "config/prod.env");
    assertThat(relative.exit()).as(relative.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0")));
  }

  /**
   * A .env with a byte order mark, a quoted value followed by a comment, and a comment that is
   * not UTF-8 is read as written (each was misread: the key carried the BOM, the quotes stayed in
   * the value, the whole file failed).
   */
  @Test
  void dotEnvWithABomAQuotedValueAndACommentAndALatin1CommentIsRead() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("project"));
    java.io.ByteArrayOutputStream env = new java.io.ByteArrayOutputStream();
    env.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    env.writeBytes(("DB_URL=\"" + db.url() + "\" # the test database\n# caf").getBytes(StandardCharsets.UTF_8));
    env.write(0xE9); // Latin-1
    env.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve(".env"), env.toByteArray());
    Run run = logto(Map.of(), dir, "db", "alteration", "deploy", "1.0.0-rc.0");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(stateAfter(upTo("1.0.0-rc.0")));
  }

  @Test
  void dotEnvThatWouldBeMisreadIsRefusedWithItsLine() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("project"));
    Files.writeString(dir.resolve(".env"), "# prod\nDB_URL=\"postgres://u:Quo\"te5ecret@127.0.0.1:1/db\"\n");
    Run quote = logto(Map.of(), dir, "db", "alteration", "status");
    assertThat(quote.exit()).as(quote.toString()).isEqualTo(2);
    assertOneLine(quote);
    assertThat(quote.err()).startsWith("[error] The env file " + dir.resolve(".env") + " is invalid at line 2: the"
        + " value of DB_URL has text after its closing quote. Fix: ");
    assertThat(quote.out() + quote.err()).doesNotContain("te5ecret");

    Files.write(dir.resolve(".env"), new byte[] {'D', 'B', '_', 'U', 'R', 'L', '=', 'p', 'o', 's', 't', 'g', 'r', 'e',
        's', ':', '/', '/', 'u', ':', (byte) 0xE9, '@', 'h', '/', 'd', 'b', '\n'});
    Run latin1 = logto(Map.of(), dir, "db", "alteration", "status");
    assertThat(latin1.exit()).as(latin1.toString()).isEqualTo(2);
    assertThat(latin1.err()).contains("is invalid at line 1: the value of DB_URL is not UTF-8 text. Fix: save the"
        + " file as UTF-8");
    assertThat(db.tables()).isEmpty();
  }

  /** An unquoted value is cut where a '#' follows a blank: the URL left is masked and the error says why. */
  @Test
  void dotEnvValueCutByACommentIsExplainedWithoutItsPassword() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("project"));
    Files.writeString(dir.resolve(".env"), "DB_URL=postgres://u:Leak3d #Pw9x@127.0.0.1:1/db\n");
    for (Run run : List.of(logto(Map.of(), dir, "db", "alteration", "status"),
        logto(Map.of(), dir, "db", "alteration", "status", "--json"))) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(2);
      assertThat(run.out() + run.err()).contains("Invalid database URL 'postgres://***'")
          .contains("DB_URL in " + dir.resolve(".env") + " line 1 ends where a '#' after a blank starts a comment")
          .doesNotContain("Leak3d").doesNotContain("Pw9x");
    }
  }

  @Test
  void missingEnvFileIsUsageError() {
    Run run = logto("db", "alteration", "deploy", "1.0.0", "--env-file", "nope.env");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).contains("nope.env").contains("does not exist");
  }

  @Test
  void noUrlAnywhereIsUsageErrorWithOneLineHint() {
    Run run = logto("db", "alteration", "deploy", "1.0.0");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] No database given.").contains("--db-url").contains("DB_URL")
        .contains(".env");
    assertNoStackTrace(run);
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void noUrlHintShowsAnUnmaskedExample() {
    Run run = logto("db", "alteration", "deploy", "1.0.0");
    assertThat(run.err()).doesNotContain("***");
    Run empty = logto("db", "alteration", "deploy", "1.0.0", "--db-url=");
    assertThat(empty.err()).doesNotContain("***");
  }

  // ---------------------------------------------------------------- connection failures

  @Test
  void verboseLogsEachStatementToStderrAndTheLogFileWithoutSlf4jNoise() throws IOException {
    Path log = temp.resolve("logs/deploy.log");
    Run run = logto("db", "alteration", "deploy", "next", "--verbose", "--log-file", log.toString(), "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    // the process's own SLF4J provider (LogbackProvider): Logback configured, and SLF4J reports nothing
    assertThat(run.out() + run.err()).as(run.toString()).doesNotContain("SLF4J");
    assertThat(run.outLines()).as(run.toString()).allMatch(line -> line.startsWith("[info]"));
    List<String> statements = run.errLines().stream().filter(l -> l.contains(" DEBUG io.logto.db.sql - ")).toList();
    assertThat(statements).as(run.toString()).isNotEmpty();
    assertThat(run.errLines()).as(run.toString())
        .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io\\.logto\\.db\\.run - Running alteration .+ up"));
    List<String> logged = Files.readAllLines(log).stream().filter(l -> l.contains(" DEBUG io.logto.db.sql - ")).toList();
    assertThat(logged).hasSameSizeAs(statements);
  }

  @Test
  void unreachableServerIsOneLineWithoutPasswordOrTrace() {
    Run run = logto("db", "alteration", "deploy", "1.3.0", "--db-url", "postgres://user:secret@127.0.0.1:1/x");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] Cannot connect to postgres://user:***@127.0.0.1:1/x:")
        .contains("refused").contains("SQLSTATE 08001");
    assertThat(run.out() + run.err()).doesNotContain("secret");
    assertNoStackTrace(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres://user:secret@127.0.0.1:99999/x", "jdbc:postgresql://127.0.0.1:5432/x/y?password=secret"})
  void urlTheDriverCannotReadIsOneLineUsageErrorWithoutPassword(String url) {
    Run run = logto("db", "alteration", "deploy", "1.3.0", "--db-url", url);
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] Invalid database URL ")
        .contains(" (the PostgreSQL driver cannot read it). ").contains("the port (1 to 65535)");
    if (url.contains("password=")) {
      assertThat(run.err()).contains("password=*** (the PostgreSQL driver");
    }
    assertThat(run.out() + run.err()).doesNotContain("secret").doesNotContain("Unexpected");
    assertNoStackTrace(run);
  }

  @Test
  void unreachableServerWithStacktraceShowsTraceButNoPassword() {
    Run run = logto("db", "alteration", "deploy", "1.3.0", "--stacktrace",
        "--db-url", "postgres://user:secret@127.0.0.1:1/x");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("[error] Cannot connect to").contains("\tat ").contains("LogtoException")
        .contains("Caused by:");
    assertThat(run.out() + run.err()).doesNotContain("secret");
  }

  @Test
  void unreachableServerMessageReadsWell() {
    Run run = logto("db", "alteration", "deploy", "1.3.0", "--db-url", "postgres://user:secret@127.0.0.1:1/x");
    assertThat(run.err()).doesNotContain(". (SQLSTATE");
  }

  @Test
  void wrongDatabaseNameIsNamed() {
    String url = "postgres://postgres@" + db.host() + ":" + db.port() + "/" + db.name() + "_missing";
    Run run = logto("db", "alteration", "deploy", "1.0.0", "--db-url", url);
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertOneLine(run);
    assertThat(run.err()).contains("database \"" + db.name() + "_missing\" does not exist").contains("3D000");
    assertNoStackTrace(run);
  }

  // ---------------------------------------------------------------- bad versions

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "v", "1.2.3.4", "'; drop table x; --", "1.0.0+build", "latest1"})
  void badDeployVersionIsUsageErrorAndChangesNothing(String version) {
    deploy("1.0.0");
    DbState before = state();
    Run run = logto("db", "alteration", "deploy", version, "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] Invalid target version '" + version + "'")
        .contains("semantic version");
    assertThat(run.out()).isEmpty();
    assertThat(state()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "v", "1.2.3.4", "'; drop table x; --", "latest", "next"})
  void badRollbackVersionIsUsageErrorAndChangesNothing(String version) {
    deploy(newestRelease());
    DbState before = state();
    Run run = logto("db", "alteration", "rollback", version, "--yes", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] Invalid target version '" + version + "'");
    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- rollback

  @Test
  void rollbackWithoutYesOffTerminalIsRefusedAndChangesNothing() {
    deploy(newestRelease());
    DbState before = state();
    Run run = logto("db", "alteration", "rollback", "1.0.0", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    int count = released().size() - upTo("1.0.0").size();
    assertThat(run.err()).startsWith("[error] Rollback needs confirmation").contains("--yes")
        .contains(count + " alterations").contains("Nothing was changed");
    List<String> planned = new ArrayList<>(names(released()).subList(upTo("1.0.0").size(), released().size()));
    java.util.Collections.reverse(planned);
    assertThat(run.outLines()).startsWith("[info] Revert target 1.0.0", found(count, "revert"));
    assertThat(run.outLines().subList(2, run.outLines().size()))
        .containsExactlyElementsOf(planned.stream().map(n -> "[info]   will revert " + n).toList());
    assertThat(state()).isEqualTo(before);
  }

  /** Each shipped release as typed (some v-prefixed or with _), and 0.0.0: everything. */
  @ParameterizedTest
  @ValueSource(strings = {"1.3.0", "1.2.0", "1.1.0", "v1.0.0", "1.0.0-rc.1", "v1.0.0_rc.0", "0.0.0"})
  void rollbackToEachVersionRestoresThatVersionsSchema(String target) {
    String version = target.replaceFirst("^v", "").replace('_', '-');
    List<Shipped> kept = upTo(version);
    int reverted = shipped.size() - kept.size();
    BigDecimal expectedState = stateAfter(kept);
    deploy("next");
    Run run = logto("db", "alteration", "rollback", target, "--yes", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).as(run.toString()).isEmpty();
    assertThat(run.outLines()).contains("[info] Found " + reverted + " alteration" + (reverted > 1 ? "s" : "")
        + " to revert");
    List<String> downLines = run.outLines().stream().filter(l -> l.contains("`down()` function succeeded")).toList();
    assertThat(downLines).hasSize(reverted);
    List<String> expectedOrder = new ArrayList<>(names(shipped).subList(kept.size(), shipped.size()));
    java.util.Collections.reverse(expectedOrder);
    for (int i = 0; i < reverted; i++) {
      assertThat(downLines.get(i)).startsWith("[info] Run alteration " + expectedOrder.get(i) + " `down()`");
    }
    assertThat(db.stateTimestamp()).isEqualByComparingTo(expectedState);

    TestDatabase reference = TestPostgres.createDatabase();
    extraDatabases.add(reference);
    if (!kept.isEmpty()) {
      Run direct = logto("db", "alteration", "deploy", target, "--db-url", reference.url());
      assertThat(direct.exit()).as(direct.toString()).isZero();
    }
    assertThat(userSchema(db)).isEqualTo(userSchema(reference));
  }

  @Test
  void rollbackToAVersionAboveTheStateFindsNothing() {
    deploy("1.1.0");
    DbState before = state();
    Run run = logto("db", "alteration", "rollback", "1.2.0", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).containsExactly("[info] Revert target 1.2.0", "[info] Found 0 alteration to revert");
    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- --alterations

  private Path failingFolder() {
    Path dir = temp.resolve("alterations");
    Fixtures.script(dir, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.write(dir, "1.1.0-2000-create-b.sql", String.join("\n",
        "-- Creates b1, then trips over a missing table.",
        "-- alteration:up",
        "create table b1 (id int);",
        "insert into b1 values (1);",
        "select * from",
        "  missing_table;",
        "-- alteration:down",
        "drop table b1;",
        ""));
    Fixtures.script(dir, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    return dir;
  }

  @Test
  void failingScriptStopsAtTheLastGoodOneAndReRunContinues() throws IOException {
    Path dir = failingFolder();
    Run run = logto("db", "alteration", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(runLines(run)).hasSize(1).first().asString().startsWith(upLines(List.of("1.0.0-1000-create-a.sql")).get(0));
    assertThat(run.errLines().get(0)).isEqualTo("[error] Error occurred during running alteration"
        + " 1.1.0-2000-create-b.sql `up()` at line 6, column 3: relation \"missing_table\" does not exist"
        + " (SQLSTATE 42P01)");
    assertThat(run.err()).contains("Statement (line 5): select * from missing_table")
        .contains("didn't change anything")
        .contains("run the same command again");
    assertNoStackTrace(run);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(ts(1000));
    assertThat(userTables(db)).containsExactly("a1");

    Path b = dir.resolve("1.1.0-2000-create-b.sql");
    Files.writeString(b, Files.readString(b).replace("missing_table", "b1"));
    Run again = logto("db", "alteration", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.outLines()).startsWith("[info] Deploy target 1.2.0", "[info] Found 2 alterations to deploy");
    assertThat(runLines(again)).hasSize(2);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(ts(3000));
    assertThat(userTables(db)).containsExactly("a1", "b1", "c1");
    assertThat(db.query("select id from b1")).containsExactly("1");
  }

  /** Was "1 earlier alteration of this run stay applied." */
  @Test
  void failingScriptReportGrammar() {
    Path dir = failingFolder();
    Run run = logto("db", "alteration", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(run.err()).contains("1 earlier alteration of this run stays applied.");
  }

  @Test
  void alterationsPathThatDoesNotExistIsUsageError() {
    Run run = logto("db", "alteration", "deploy", "1.0.0", "--db-url", db.url(),
        "--alterations", temp.resolve("nope").toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).contains(temp.resolve("nope").toString()).contains("does not exist");
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void badFileNameIsUsageErrorNamingFileAndPattern() {
    Path dir = temp.resolve("alterations");
    Fixtures.script(dir, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(dir, "create_b.sql", "create table b1 (id int);", "drop table b1;");
    Run run = logto("db", "alteration", "deploy", "1.0.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).contains("create_b.sql").contains("<version>-<timestamp>-<name>.sql");
    assertThat(db.tables()).isEmpty();
    Run list = logto("db", "alteration", "list", "--alterations", dir.toString());
    assertThat(list.exit()).as(list.toString()).isEqualTo(2);
    assertThat(list.err()).contains("create_b.sql");
  }

  @Test
  void scriptWithoutDownDeploysButRollbackAcrossItIsRefusedUpFront() {
    Path dir = temp.resolve("alterations");
    Fixtures.script(dir, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(dir, "1.1.0-2000-create-b.sql", "create table b1 (id int);", null);
    Fixtures.script(dir, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    Run deployed = logto("db", "alteration", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(deployed.exit()).as(deployed.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(ts(3000));

    DbState before = state();
    Run run = logto("db", "alteration", "rollback", "1.0.0", "--yes", "--db-url", db.url(),
        "--alterations", dir.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).contains("1.1.0-2000-create-b.sql").contains("no '-- alteration:down' section")
        .contains("Nothing was changed");
    assertThat(run.out()).doesNotContain("`down()`");
    assertThat(state()).isEqualTo(before);

    Run above = logto("db", "alteration", "rollback", "1.1.0", "--yes", "--db-url", db.url(),
        "--alterations", dir.toString());
    assertThat(above.exit()).as(above.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(ts(2000));
    assertThat(userTables(db)).containsExactly("a1", "b1");
  }

  // ---------------------------------------------------------------- state row

  static Stream<Arguments> corruptStates() {
    return Stream.of(
        Arguments.of("{\"foo\":1}", "deploy", "1.3.0"),
        Arguments.of("\"x\"", "deploy", "1.3.0"),
        Arguments.of("{\"foo\":1}", "rollback", "1.0.0"),
        Arguments.of("\"x\"", "rollback", "1.0.0"),
        Arguments.of("{\"foo\":1}", "list", null),
        Arguments.of("{\"timestamp\":-1}", "deploy", "1.3.0"),
        Arguments.of("{\"timestamp\":\"1700000000\"}", "deploy", "1.3.0"));
  }

  @ParameterizedTest
  @MethodSource("corruptStates")
  void corruptStateRowIsUsageErrorAndChangesNothing(String value, String command, String version) {
    setStateRow(value);
    DbState before = state();
    List<String> args = new ArrayList<>(List.of("db", "alteration", command));
    if (version != null) {
      args.add(version);
    }
    if (command.equals("rollback")) {
      args.add("--yes");
    }
    args.addAll(List.of("--db-url", db.url()));
    Run run = logto(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] The alteration state row (logto_configs, key 'alterationState') is invalid:")
        .contains("nothing was changed");
    assertNoStackTrace(run);
    assertThat(state()).isEqualTo(before);
    assertThat(userTables(db)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy 1.3.0", "deploy latest", "deploy next", "deploy", "rollback 1.0.0 --yes", "r 0.0.0"})
  void stateAboveEveryScriptIsCheckFailure(String command) {
    deploy("next");
    db.execute("update logto_configs set value = '{\"timestamp\": 1800000000, \"updatedAt\": \"2030-01-01T00:00:00Z\"}'"
        + " where key = 'alterationState'");
    DbState before = state();
    List<String> args = new ArrayList<>(List.of("db", "alteration"));
    args.addAll(List.of(command.split(" ")));
    args.addAll(List.of("--db-url", db.url()));
    Run run = logto(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertOneLine(run);
    assertThat(run.err()).startsWith("[error] The database is ahead of this tool")
        .contains("1800000000").contains(shipped.get(shipped.size() - 1).name()).contains("Upgrade logto");
    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- list

  @Test
  void listWithoutDatabasePrintsFileNamesInOrder() {
    Run run = logto("db", "alteration", "list");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    // the expectations of this class come from this output: check it against the repository's scripts
    List<Shipped> listed = run.outLines().stream().map(Shipped::of).toList();
    assertThat(listed).extracting(Shipped::timestamp).isSorted();
    assertThat(listed).extracting(Shipped::name).doesNotHaveDuplicates()
        .containsSubsequence(repositoryScripts());
    assertThat(listed).last().extracting(Shipped::isNext).isEqualTo(true);
    Run alias = logto("db", "alt", "ls");
    assertThat(alias.outLines()).isEqualTo(run.outLines());
  }

  /** The SQL scripts of the repository's alterations/ folder, in timestamp order. */
  private static List<String> repositoryScripts() {
    try (Stream<Path> files = Files.list(Fixtures.shipped())) {
      return files.map(f -> f.getFileName().toString()).map(Shipped::of)
          .sorted(java.util.Comparator.comparing(Shipped::timestamp)).map(Shipped::name).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void listWithDatabaseShowsAppliedAndPending() {
    deploy("1.1.0");
    DbState before = state();
    Run run = logto(Map.of("DB_URL", db.url()), temp, "db", "alteration", "list");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    int applied = upTo("1.1.0").size();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < shipped.size(); i++) {
      expected.add((i < applied ? "applied  " : "pending  ") + shipped.get(i).name());
    }
    List<String> listed = run.outLines().subList(0, shipped.size());
    for (int i = 0; i < shipped.size(); i++) {
      // an applied line may go on with details (when and how long), separated by blanks
      assertThat(listed.get(i)).as(run.toString()).matches(Pattern.quote(expected.get(i)) + "(\\s.*)?");
    }
    assertThat(run.outLines().get(shipped.size()))
        .startsWith("[info] " + db.url() + ": state timestamp " + stateAfter(upTo("1.1.0")).toPlainString())
        .endsWith("; " + applied + " applied, " + (shipped.size() - applied) + " pending");
    assertThat(run.outLines()).hasSize(shipped.size() + 1);
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void listOnEmptyDatabaseShowsAllPending() {
    Run run = logto("db", "alteration", "list", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).filteredOn(l -> l.startsWith("pending  ")).hasSize(shipped.size());
    assertThat(run.out()).contains("no alteration applied; 0 applied, " + shipped.size() + " pending");
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void listWhenDatabaseIsAheadWarns() {
    setStateRow("{\"timestamp\": 1800000000}");
    Run run = logto("db", "alteration", "list", "--db-url", db.url());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).contains("[warn] The database is ahead of this tool");
  }

  // ---------------------------------------------------------------- diff and drift

  @Test
  void diffBetweenTwoShippedVersionsListsTheVersionsInBetweenAsJson() throws IOException {
    TestDatabase scratch = TestPostgres.createDatabase();
    extraDatabases.add(scratch);
    String first = released().get(0).semver().toString();
    Run run = logto("db", "alteration", "diff", first, "--scratch-url", scratch.url(), "--json");
    assertThat(run.exit()).as(run.toString()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(json.get("mode").asText()).isEqualTo("upgrade");
    assertThat(json.get("to").asText()).isEqualTo(newestRelease());
    List<String> versions = new ArrayList<>();
    json.get("versions").forEach(v -> versions.add(v.get("version").asText()));
    assertThat(versions).isEqualTo(released().stream().filter(a -> !a.isAtOrBelow(first))
        .map(a -> a.semver().toString()).distinct().toList());
    assertThat(json.get("changes")).isNotEmpty();
    assertThat(run.err()).contains("Schema changes from " + first + " up to " + newestRelease());
  }

  @Test
  void aColumnAddedByHandIsDriftForStatusAndDiff() {
    TestDatabase scratch = TestPostgres.createDatabase();
    extraDatabases.add(scratch);
    deploy("next");
    Run clean = logto("db", "alteration", "status", "--exit-code", "--strict", "--db-url", db.url());
    assertThat(clean.exit()).as(clean.toString()).isZero();
    assertThat(clean.out()).contains("[info] schema unchanged since the deploy of ");
    db.execute("alter table users add column nickname text");
    Run status = logto("db", "alteration", "status", "--exit-code", "--strict", "--db-url", db.url());
    assertThat(status.exit()).as(status.toString()).isEqualTo(4);
    assertThat(status.errLines()).filteredOn(l -> l.startsWith("[warn]")).singleElement().asString()
        .startsWith("[warn] The schema was changed outside logto since the deploy of ");
    assertThat(status.err()).contains("See what changed: logto db alteration diff with the same --db-url.");
    Run diff = logto("db", "alteration", "diff", "--db-url", db.url(), "--scratch-url", scratch.url());
    assertThat(diff.exit()).as(diff.toString()).isEqualTo(4);
    assertThat(diff.outLines()).contains("  added    table users: column nickname (text)");
    assertThat(diff.err()).contains("[error] The schema of " + db.url() + " differs from what its history builds:"
        + " 1 change, listed above.");
  }
}
