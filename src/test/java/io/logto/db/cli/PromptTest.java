package io.logto.db.cli;

import static io.logto.db.cli.ScriptedTerminal.CTRL_C;
import static io.logto.db.cli.ScriptedTerminal.DOWN;
import static io.logto.db.cli.ScriptedTerminal.ENTER;
import static io.logto.db.cli.ScriptedTerminal.ESC;
import static io.logto.db.cli.ScriptedTerminal.LEFT;
import static io.logto.db.cli.ScriptedTerminal.UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.cli.ScriptedTerminal.Screen;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JLine prompts in-process on a scripted stream terminal: the version list of deploy, the y/N
 * confirmation of rollback and the URL prompt. Keys are typed once the prompt is on the screen,
 * as a person would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PromptTest {
  private static final String QUESTION = "? Choose the alteration target version";

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;
  private ScriptedTerminal terminal;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(alterations, "1.1.0-2000-create-b.sql", "create table b1 (id int);", "drop table b1;");
    Fixtures.script(alterations, "1.1.0-2100-create-b2.sql", "create table b2 (id int);", "drop table b2;");
    Fixtures.script(alterations, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    Fixtures.script(alterations, "next-4000-create-d.sql", "create table d1 (id int);", "drop table d1;");
    terminal = new ScriptedTerminal();
  }

  @AfterEach
  void tearDown() throws IOException {
    terminal.close();
    executor.shutdownNow();
    db.close();
  }

  /** Starts the command on the scripted terminal; the test types while it runs. */
  private Future<CliRunner.Result> start(String... args) {
    CliRunner runner = new CliRunner().interaction(terminal.interaction()).in(temp);
    return executor.submit(() -> runner.run(args));
  }

  private static CliRunner.Result finish(Future<CliRunner.Result> running) throws Exception {
    return running.get(30, TimeUnit.SECONDS);
  }

  private Future<CliRunner.Result> deploy() {
    return start("db", "alt", "deploy", "--db-url", db.url(), "--alterations", alterations.toString());
  }

  private void deployedTo(String version) {
    CliRunner.Result result = new CliRunner().run("db", "alt", "deploy", version, "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  /** Tables other than the tool's own logto_* bookkeeping. */
  private List<String> userTables() {
    return db.tables().stream().filter(t -> !t.startsWith("logto_")).toList();
  }

  private static String plain(String text) {
    return ScriptedTerminal.stripAnsi(text);
  }

  // ---------------------------------------------------------------- deploy: the version list

  /** As the Logto CLI: released versions only, newest first; next is deployed only when asked for by name. */
  @Test
  void listShowsTheReleasedVersionsNewestFirst() throws Exception {
    Future<CliRunner.Result> running = deploy();
    // the whole list, not only its first line: the pty's pump may be in the middle of drawing it
    Screen screen = terminal.awaitLines(
        QUESTION + " (Use arrow keys)",
        "> 1.2.0",
        "  1.1.0",
        "  1.0.0");
    assertThat(screen.cursorVisible()).as("cursor hidden while choosing").isFalse();
    assertThat(terminal.plain()).contains(QUESTION + " (Use arrow keys)").contains("> 1.2.0");
    assertThat(terminal.raw()).as("the selected line is coloured").contains("\u001b[36m> 1.2.0");
    terminal.type(CTRL_C);
    assertThat(finish(running).exitCode()).isEqualTo(130);
  }

  @Test
  void downThenEnterDeploysTheSecondNewestVersion() throws Exception {
    Future<CliRunner.Result> running = deploy();
    terminal.awaitText("> 1.2.0");
    terminal.type(DOWN);
    terminal.awaitLines(QUESTION + " (Use arrow keys)", "  1.2.0", "> 1.1.0", "  1.0.0");
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    terminal.awaitLines(QUESTION + " 1.1.0");
    terminal.await("the cursor shown again", Screen::cursorVisible);
    assertThat(plain(result.out()).lines().toList()).startsWith("[info] Deploy target 1.1.0",
        "[info] Found 3 alterations to deploy");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(2100));
    assertThat(userTables()).containsExactly("a1", "b1", "b2");
  }

  @Test
  void enterDeploysTheNewestVersion() throws Exception {
    Future<CliRunner.Result> running = deploy();
    terminal.awaitText("> 1.2.0");
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    terminal.awaitLines(QUESTION + " 1.2.0");
    assertThat(plain(result.out())).contains("[info] Deploy target 1.2.0", "[info] Found 4 alterations to deploy");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
    assertThat(db.tables()).doesNotContain("d1");
  }

  @Test
  void upWrapsAroundToTheOldestAndKeysJkMoveToo() throws Exception {
    Future<CliRunner.Result> running = deploy();
    terminal.awaitText("> 1.2.0");
    terminal.type(UP);
    terminal.await("wrapped to the oldest", s -> s.lines().contains("> 1.0.0"));
    terminal.type("k");
    terminal.await("k moves up", s -> s.lines().contains("> 1.1.0"));
    terminal.type("j");
    terminal.await("j moves down", s -> s.lines().contains("> 1.0.0"));
    terminal.type("x" + LEFT); // ignored keys
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    terminal.awaitLines(QUESTION + " 1.0.0");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
  }

  /** On a busy machine the rest of an arrow key can reach the prompt well after its ESC. */
  @Test
  void anArrowKeyWhoseBytesArriveLateStillMovesTheSelection() throws Exception {
    Future<CliRunner.Result> running = deploy();
    terminal.awaitText("> 1.2.0");
    terminal.type(ESC);
    Thread.sleep(250);
    terminal.type("[B");
    terminal.await("moved", s -> s.lines().contains("> 1.1.0"));
    terminal.type(CTRL_C);
    assertThat(finish(running).exitCode()).isEqualTo(130);
  }

  @ParameterizedTest
  @ValueSource(strings = {CTRL_C, ESC})
  void ctrlCOrEscCancelsWithNothingChanged(String key) throws Exception {
    Future<CliRunner.Result> running = deploy();
    terminal.awaitText("> 1.2.0");
    terminal.type(DOWN);
    terminal.await("moved", s -> s.lines().contains("> 1.1.0"));
    terminal.type(key);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
    terminal.awaitLines(QUESTION + " cancelled");
    terminal.await("the cursor shown again", Screen::cursorVisible);
    assertThat(plain(result.err())).isEqualTo("[error] Cancelled; nothing was changed.\n");
    assertThat(plain(result.out())).doesNotContain("Run alteration");
    assertThat(db.stateTimestamp()).isNull();
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void onlyPendingVersionsAreOffered() throws Exception {
    deployedTo("1.1.0");
    Future<CliRunner.Result> running = deploy();
    terminal.awaitLines(QUESTION + " (Use arrow keys)", "> 1.2.0");
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  /** As the Logto CLI: without a version only released alterations count; next ones are deployed by name. */
  @Test
  void onlyNextPendingAsksNothingAndSaysHowToDeployIt() throws Exception {
    deployedTo("1.2.0");
    CliRunner.Result result = finish(deploy());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(plain(result.out())).isEqualTo("[info] Found 0 alteration to deploy\n"
        + "[info] 1 unreleased (next) alteration is pending: deploy next applies it\n");
    assertThat(terminal.raw()).isEmpty();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  @Test
  void nothingPendingAsksNothing() throws Exception {
    deployedTo("next");
    CliRunner.Result result = finish(deploy());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(plain(result.out())).isEqualTo("[info] Found 0 alteration to deploy\n");
    assertThat(terminal.raw()).isEmpty();
  }

  @Test
  void explicitVersionAsksNothing() throws Exception {
    CliRunner.Result result = finish(start("db", "alt", "deploy", "1.0.0", "--db-url", db.url(),
        "--alterations", alterations.toString()));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(terminal.raw()).isEmpty();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
  }

  @Test
  void colouredOutputOnTerminalAndNoneWithNoColor() throws Exception {
    Future<CliRunner.Result> running = start("db", "alt", "deploy", "1.0.0", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(finish(running).out()).contains("\u001b[34;1m[info]\u001b[0m");
    Future<CliRunner.Result> plainRun = start("db", "alt", "deploy", "1.1.0", "--no-color", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(finish(plainRun).out()).as("no colour (SGR) codes").doesNotContainPattern("\u001b\\[[0-9;]*m");
  }

  @Test
  void noColorAlsoAppliesToThePrompt() throws Exception {
    Future<CliRunner.Result> running = start("db", "alt", "deploy", "--no-color", "--db-url", db.url(),
        "--alterations", alterations.toString());
    terminal.awaitText("> 1.2.0");
    terminal.type(ENTER);
    finish(running);
    assertThat(terminal.raw()).doesNotContain("\u001b[3").doesNotContain("\u001b[1m");
  }

  // ---------------------------------------------------------------- rollback: the confirmation

  private Future<CliRunner.Result> rollback(String version) {
    return start("db", "alt", "rollback", version, "--db-url", db.url(), "--alterations", alterations.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"y", "Y", "yes", "Yes"})
  void yesThenEnterReverts(String answer) throws Exception {
    deployedTo("1.2.0");
    Future<CliRunner.Result> running = rollback("1.0.0");
    terminal.awaitLines("? Revert these 3 alterations? (y/N)");
    terminal.type(answer);
    terminal.awaitLines("? Revert these 3 alterations? (y/N) " + answer);
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    terminal.awaitLines("? Revert these 3 alterations? (y/N) Yes");
    assertThat(plain(result.out())).contains("[info]   will revert 1.2.0-3000-create-c.sql",
        "[info] Run alteration 1.1.0-2000-create-b.sql `down()` function succeeded");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
    assertThat(userTables()).containsExactly("a1");
  }

  /** Upstream's prompts wait for Enter; a destructive command must not start on a single key. */
  @Test
  void yesWithoutEnterDoesNothingYetAndBackspaceEditsTheAnswer() throws Exception {
    deployedTo("1.2.0");
    String before = db.schemaSnapshot();
    Future<CliRunner.Result> running = rollback("1.0.0");
    terminal.awaitText("(y/N)");
    terminal.type("y");
    terminal.awaitLines("? Revert these 3 alterations? (y/N) y");
    Thread.sleep(500); // a person pausing before Enter: nothing may have started
    assertThat(running).isNotDone();
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    terminal.type("\u007f" + "n");
    terminal.awaitLines("? Revert these 3 alterations? (y/N) n");
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
    terminal.awaitLines("? Revert these 3 alterations? (y/N) No");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
  }

  @Test
  void singleAlterationIsWordedInTheSingular() throws Exception {
    deployedTo("1.2.0");
    Future<CliRunner.Result> running = rollback("1.1.0");
    terminal.awaitText("(y/N)");
    terminal.awaitLines("? Revert this alteration? (y/N)");
    terminal.type("y" + ENTER);
    assertThat(finish(running).exitCode()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(2100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"n", "N", "no", "", "x", "yess", "y y"})
  void anythingButYesThenEnterChangesNothing(String answer) throws Exception {
    deployedTo("1.2.0");
    String before = db.schemaSnapshot();
    List<String> row = db.query("select value::text from logto_configs");
    Future<CliRunner.Result> running = rollback("1.0.0");
    terminal.awaitText("(y/N)");
    terminal.type(answer + UP); // an arrow key is no part of an answer
    terminal.type(ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
    terminal.awaitLines("? Revert these 3 alterations? (y/N) No");
    assertThat(plain(result.err())).isEqualTo("[error] Rollback not confirmed; nothing was changed.\n");
    assertThat(plain(result.out())).doesNotContain("`down()`");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.query("select value::text from logto_configs")).isEqualTo(row);
  }

  @ParameterizedTest
  @ValueSource(strings = {CTRL_C, ESC, "y" + CTRL_C, "y" + ESC})
  void ctrlCOrEscAtConfirmationChangesNothing(String keys) throws Exception {
    deployedTo("1.2.0");
    String before = db.schemaSnapshot();
    Future<CliRunner.Result> running = rollback("0.0.0");
    terminal.awaitText("(y/N)");
    terminal.type(keys);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
    terminal.awaitLines("? Revert these 4 alterations? (y/N) cancelled");
    assertThat(plain(result.err())).isEqualTo("[error] Cancelled; nothing was changed.\n");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
  }

  @Test
  void yesOptionAsksNothing() throws Exception {
    deployedTo("1.2.0");
    CliRunner.Result result = finish(start("db", "alt", "rollback", "1.0.0", "--yes", "--db-url", db.url(),
        "--alterations", alterations.toString()));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(terminal.raw()).isEmpty();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
  }

  // ---------------------------------------------------------------- the URL prompt

  @Test
  void missingUrlIsAskedWithMaskedEcho() throws Exception {
    Future<CliRunner.Result> running = start("db", "alt", "deploy", "1.0.0", "--alterations", alterations.toString());
    terminal.awaitText("Enter your database URL:");
    terminal.type(db.url() + ENTER);
    CliRunner.Result result = finish(running);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    terminal.awaitText("? Enter your database URL: " + "*".repeat(db.url().length()));
    assertThat(terminal.plain()).doesNotContain(db.url()).doesNotContain(db.name());
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
  }

  @Test
  void ctrlCAtUrlPromptCancels() throws Exception {
    Future<CliRunner.Result> running = start("db", "alt", "deploy", "1.0.0", "--alterations", alterations.toString());
    terminal.awaitText("Enter your database URL:");
    terminal.type("postgres://x" + CTRL_C);
    CliRunner.Result result = finish(running);
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
    assertThat(plain(result.err())).contains("Cancelled; nothing was changed.");
  }

  // ---------------------------------------------------------------- TerminalInteraction.choose directly

  private Future<Optional<String>> choose(List<String> choices) {
    return executor.submit(() -> terminal.interaction().choose("Pick one", choices));
  }

  /**
   * True once the whole window is on the screen: waiting only for the selected row could catch the
   * pty's output pump in the middle of the redraw, with the rows below it half written.
   */
  private static boolean showsWindow(Screen screen, int first, int selected) {
    return screen.lines().size() == 11 && screen.lines().subList(1, 11).equals(window(first, selected));
  }

  private static List<String> window(int first, int selected) {
    return IntStream.range(first, first + 10)
        .mapToObj(i -> (i == selected ? "> " : "  ") + "choice " + i)
        .toList();
  }

  @Test
  void moreThanTenChoicesScrollInAWindowOfTen() throws Exception {
    List<String> choices = IntStream.range(0, 15).mapToObj(i -> "choice " + i).toList();
    Future<Optional<String>> picked = choose(choices);
    Screen start = terminal.await("the first window drawn", s -> showsWindow(s, 0, 0));
    assertThat(start.lines()).hasSize(11);
    assertThat(start.lines().get(0)).isEqualTo("? Pick one (Use arrow keys)");
    assertThat(start.lines().subList(1, 11)).isEqualTo(window(0, 0));

    for (int i = 0; i < 12; i++) {
      terminal.type(DOWN);
    }
    Screen down = terminal.await("choice 12 selected", s -> showsWindow(s, 5, 12));
    assertThat(down.lines()).as("redrawn in place: still 11 lines").hasSize(11);
    assertThat(down.lines().subList(1, 11)).isEqualTo(window(5, 12));

    terminal.type(UP + UP + UP + UP + UP + UP);
    Screen middle = terminal.await("choice 6 selected", s -> showsWindow(s, 1, 6));
    assertThat(middle.lines().subList(1, 11)).isEqualTo(window(1, 6));

    terminal.type(DOWN.repeat(9)); // 6 + 9 = 15: wraps to the first
    Screen wrapped = terminal.await("wrapped to choice 0", s -> showsWindow(s, 0, 0));
    assertThat(wrapped.lines().subList(1, 11)).isEqualTo(window(0, 0));

    terminal.type(UP);
    Screen last = terminal.await("wrapped to choice 14", s -> showsWindow(s, 5, 14));
    assertThat(last.lines()).hasSize(11);
    assertThat(last.lines().subList(1, 11)).isEqualTo(window(5, 14));

    terminal.type(ENTER);
    assertThat(picked.get(10, TimeUnit.SECONDS)).contains("choice 14");
    terminal.awaitLines("? Pick one choice 14");
    terminal.await("the cursor shown again", Screen::cursorVisible);
  }

  @Test
  void windowFitsALowTerminal() throws Exception {
    terminal.close();
    terminal = new ScriptedTerminal(6);
    Future<Optional<String>> picked = choose(IntStream.range(0, 8).mapToObj(i -> "choice " + i).toList());
    Screen screen = terminal.awaitText("> choice 0");
    terminal.type(ENTER);
    picked.get(10, TimeUnit.SECONDS);
    assertThat(screen.lines()).as("question + rows fit in 6 lines with the cursor line").hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void fewChoicesShowAllWithoutScrolling() throws Exception {
    Future<Optional<String>> picked = choose(List.of("only"));
    terminal.awaitText("> only");
    terminal.awaitLines("? Pick one (Use arrow keys)", "> only");
    terminal.type(DOWN + ENTER);
    assertThat(picked.get(10, TimeUnit.SECONDS)).contains("only");
  }

  @Test
  void noChoicesReturnsEmptyWithoutDrawing() throws Exception {
    assertThat(choose(List.of()).get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(terminal.raw()).isEmpty();
  }

  @Test
  void ctrlDCancels() throws Exception {
    Future<Optional<String>> picked = choose(List.of("a", "b"));
    terminal.awaitText("> a");
    terminal.type("\u0004");
    assertThat(picked.get(10, TimeUnit.SECONDS)).isEmpty();
    terminal.awaitLines("? Pick one cancelled");
  }

  @Test
  void terminalAttributesAreRestoredAfterThePrompt() throws Exception {
    Future<Optional<String>> picked = choose(List.of("a", "b"));
    terminal.awaitText("> a");
    terminal.type(ENTER);
    assertThat(picked.get(10, TimeUnit.SECONDS)).contains("a");
    Future<Optional<Boolean>> confirmed = executor.submit(() -> terminal.interaction().confirm("Sure?"));
    terminal.awaitText("(y/N)");
    terminal.type("y" + ENTER);
    assertThat(confirmed.get(10, TimeUnit.SECONDS)).contains(true);
    terminal.awaitLines("? Pick one a", "? Sure? (y/N) Yes");
  }
}
