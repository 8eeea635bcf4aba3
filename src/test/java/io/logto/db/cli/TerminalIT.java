package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.Jar;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import io.logto.db.testing.Tmux;
import java.math.BigDecimal;
import java.nio.file.Path;
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
 * The prompts of the runnable jar in a real terminal (tmux), typed into as a person types: the
 * rollback confirmation waits for Enter, as the Logto CLI's prompts do, and leaves nothing for the
 * shell; the version list offers released versions only. After the command, the pane's shell reads
 * one line, so a key the command did not consume would show up there as {@code [shell read: ...]}.
 */
class TerminalIT {
  private static final String QUESTION = "? Revert these 2 alterations? (y/N)";

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;
  private Tmux tmux;

  @BeforeAll
  static void needsTheJar() {
    Jar.path();
  }

  @BeforeEach
  void setUp() {
    Tmux.assumeInstalled();
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(alterations, "1.1.0-2000-create-b.sql", "create table b1 (id int);", "drop table b1;");
    Fixtures.script(alterations, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    Fixtures.script(alterations, "next-4000-create-d.sql", "create table d1 (id int);", "drop table d1;");
  }

  @AfterEach
  void tearDown() {
    if (tmux != null) {
      tmux.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private void deployed(String version) {
    Jar.Run run = Jar.run(temp, Map.of(), "db", "alt", "deploy", version, "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
  }

  private void start(String... args) {
    List<String> command = new java.util.ArrayList<>(Jar.command(args));
    command.addAll(List.of("--db-url", db.url(), "--alterations", alterations.toString()));
    tmux = Tmux.start(temp, Map.of(), command, 200);
  }

  /** After the command ended: no key was left over for the shell (it is still waiting to read one). */
  private void nothingLeftForTheShell() throws InterruptedException {
    tmux.awaitText("[shell]");
    Thread.sleep(300);
    assertThat(tmux.screen()).as("a key the prompt left in the terminal").doesNotContain("[shell read:");
  }

  @Test
  void yDoesNothingUntilEnterThenReverts() throws Exception {
    deployed("1.2.0");
    String before = db.schemaSnapshot();
    start("db", "alt", "rollback", "1.0.0");
    tmux.awaitText(QUESTION);
    tmux.type("y");
    tmux.awaitText(QUESTION + " y");
    Thread.sleep(1000); // a person pausing before Enter: nothing may have started
    assertThat(tmux.screen()).doesNotContain("[exit").doesNotContain("`down()`");
    assertThat(db.schemaSnapshot()).isEqualTo(before);

    tmux.press("Enter");
    assertThat(tmux.exitCode()).isZero();
    List<String> output = tmux.output();
    assertThat(output).startsWith("[info] Revert target 1.0.0", "[info] Found 2 alterations to revert",
        "[info]   will revert 1.2.0-3000-create-c.sql", "[info]   will revert 1.1.0-2000-create-b.sql",
        QUESTION + " Yes");
    assertThat(output.get(5)).startsWith("[info] Run alteration 1.2.0-3000-create-c.sql `down()` function succeeded");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
    nothingLeftForTheShell();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "YES"})
  void yesThenEnterReverts(String answer) {
    deployed("1.2.0");
    start("db", "alt", "rollback", "1.0.0");
    tmux.awaitText(QUESTION);
    tmux.type(answer);
    tmux.press("Enter");
    assertThat(tmux.exitCode()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(1000));
  }

  /** The old single-key prompt answered at 'n' and left the Enter for the shell. */
  @ParameterizedTest
  @ValueSource(strings = {"n", "no", "x", ""})
  void anythingElseThenEnterDeclinesAndLeavesNothingForTheShell(String answer) throws Exception {
    deployed("1.2.0");
    String before = db.schemaSnapshot();
    start("db", "alt", "rollback", "1.0.0");
    tmux.awaitText(QUESTION);
    if (!answer.isEmpty()) {
      tmux.type(answer);
    }
    tmux.press("Enter");
    assertThat(tmux.exitCode()).isEqualTo(130);
    assertThat(tmux.output()).contains(QUESTION + " No", "[error] Rollback not confirmed; nothing was changed.");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(3000));
    nothingLeftForTheShell();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Escape", "C-c"})
  void escOrCtrlCCancels(String key) throws Exception {
    deployed("1.2.0");
    String before = db.schemaSnapshot();
    start("db", "alt", "rollback", "1.0.0");
    tmux.awaitText(QUESTION);
    tmux.type("y");
    tmux.awaitText(QUESTION + " y");
    tmux.press(key);
    assertThat(tmux.exitCode()).isEqualTo(130);
    assertThat(tmux.output()).contains(QUESTION + " cancelled", "[error] Cancelled; nothing was changed.");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    nothingLeftForTheShell();
  }

  @Test
  void theVersionListOffersReleasedVersionsOnlyNewestFirst() {
    start("db", "alt", "deploy");
    tmux.awaitText("? Choose the alteration target version (Use arrow keys)");
    String screen = tmux.awaitText("  1.0.0");
    assertThat(screen.lines().map(String::stripTrailing).toList())
        .containsSubsequence("> 1.2.0", "  1.1.0", "  1.0.0").doesNotContain("  next", "> next");
    tmux.press("Down");
    tmux.await("1.1.0 selected", s -> s.lines().anyMatch(l -> l.stripTrailing().equals("> 1.1.0")));
    tmux.press("Enter");
    assertThat(tmux.exitCode()).isZero();
    assertThat(tmux.output()).containsSubsequence("? Choose the alteration target version 1.1.0",
        "[info] Deploy target 1.1.0", "[info] Found 2 alterations to deploy",
        "[info] 2 alterations above the target stay pending (deploy next or a higher version to apply them)");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(new BigDecimal(2000));
  }
}
