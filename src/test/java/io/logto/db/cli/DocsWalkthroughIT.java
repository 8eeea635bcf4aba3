package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Jar;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import io.logto.db.testing.Tmux;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's sessions, run: every {@code console} block of docs/getting-started.md, in
 * order, on one fresh database, through the runnable jar, each command's output compared with the
 * lines the page shows (and {@code echo $?} with the exit code), so the page cannot drift from what
 * a reader following it sees. {@link DocsCommandsTest} checks that every documented command parses;
 * this one runs the walkthrough and the {@code --version} sample of docs/operating.md.
 *
 * <p>The page's {@code embedded:.logto-db} becomes a fresh database on the test server (each command
 * would otherwise start an embedded server), and that URL is shown as {@code embedded:.logto-db}
 * again in the output. Durations, times and Java's version are compared by shape only. A block
 * whose output holds a prompt ({@code ? ...}) runs in a real terminal (tmux) and is answered as the
 * page shows: the version on the prompt's line is picked with the arrow keys and Enter, {@code Yes}
 * is typed as {@code y} and Enter, {@code No} as Enter; every other block runs with no terminal.
 */
class DocsWalkthroughIT {
  private static final String PAGE_DATABASE = "embedded:.logto-db";
  private static final Pattern CHOSEN = Pattern.compile("\\? Choose the alteration target version (\\S+)");

  @TempDir
  Path temp;

  /** One command of a console block and the lines the page shows after it. */
  record Step(String document, int line, String command, List<String> output) {
    boolean prompts() {
      return output.stream().anyMatch(l -> l.startsWith("? "));
    }

    @Override
    public String toString() {
      return document + ":" + line + ": $ " + command;
    }
  }

  @BeforeAll
  static void needsTheJar() {
    Jar.path();
  }

  @Test
  void gettingStartedShowsWhatItsCommandsPrint() {
    List<Step> steps = steps("docs/getting-started.md");
    assertThat(steps).as("commands in docs/getting-started.md").hasSizeGreaterThan(8);
    if (steps.stream().anyMatch(Step::prompts)) {
      Tmux.assumeInstalled();
    }
    try (TestDatabase db = TestPostgres.createDatabase()) {
      int exit = -1;
      for (Step step : steps) {
        if (step.command().equals("echo $?")) {
          assertThat(List.of(String.valueOf(exit))).as(step.toString()).isEqualTo(step.output());
          continue;
        }
        List<String> args = args(step, db);
        Outcome outcome = step.prompts() ? inTerminal(step, args) : withoutTerminal(args);
        exit = outcome.exit();
        assertThat(shape(outcome.lines(), db)).as(step + "\n(exit " + exit + ")").isEqualTo(shape(step.output(), db));
      }
    }
  }

  @Test
  void theVersionSampleOfOperatingIsWhatTheToolPrints() {
    List<Step> version = steps("docs/operating.md").stream().filter(s -> s.command().equals("logto --version")).toList();
    assertThat(version).hasSize(1);
    Jar.Run run = Jar.runMerged(temp, Map.of(), "--version");
    assertThat(run.exit()).isZero();
    assertThat(shape(run.outLines(), null)).isEqualTo(shape(version.get(0).output(), null));
  }

  private record Outcome(int exit, List<String> lines) {}

  private Outcome withoutTerminal(List<String> args) {
    Jar.Run run = Jar.runMerged(temp, Map.of(), args.toArray(String[]::new));
    return new Outcome(run.exit(), run.outLines());
  }

  /** Runs the step in tmux and answers its prompts as the page's lines show them. */
  private Outcome inTerminal(Step step, List<String> args) {
    try (Tmux tmux = Tmux.start(temp, Map.of(), Jar.command(args.toArray(String[]::new)), 400)) {
      for (String line : step.output()) {
        Matcher chosen = CHOSEN.matcher(line);
        if (chosen.matches()) {
          tmux.awaitText("(Use arrow keys)");
          String wanted = "> " + chosen.group(1);
          for (int i = 0; i < 20 && tmux.lines().stream().noneMatch(wanted::equals); i++) {
            String before = tmux.screen();
            tmux.press("Down");
            tmux.await("the selection to move", screen -> !screen.equals(before));
          }
          tmux.press("Enter");
        } else if (line.startsWith("? ") && line.endsWith("(y/N) Yes")) {
          tmux.awaitText("(y/N)");
          tmux.type("y");
          tmux.press("Enter");
        } else if (line.startsWith("? ") && line.endsWith("(y/N) No")) {
          tmux.awaitText("(y/N)");
          tmux.press("Enter");
        }
      }
      return new Outcome(tmux.exitCode(), tmux.output());
    }
  }

  /** The step's words after {@code logto} or {@code scripts/logto}, with the page's database replaced. */
  private static List<String> args(Step step, TestDatabase db) {
    List<String> words = DocsCommandsTest.split(step.command());
    assertThat(words.get(0)).as(step + ": only logto commands and `echo $?` can be run")
        .isIn("logto", "scripts/logto");
    return words.subList(1, words.size()).stream().map(w -> w.equals(PAGE_DATABASE) ? db.url() : w).toList();
  }

  /** Lines as compared: the database shown as on the page, durations, times and Java's version by shape. */
  private static List<String> shape(List<String> lines, TestDatabase db) {
    return lines.stream()
        .map(l -> db == null ? l : l.replace(db.url(), PAGE_DATABASE))
        .map(l -> l.replaceAll("\\(\\d+ ms\\)", "(N ms)"))
        .map(l -> l.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>"))
        .map(l -> l.replaceAll("^java: \\S+ \\(.+\\)$", "java: <version> (<vm>)"))
        .toList();
  }

  /** The commands of a document's console blocks, each with the output lines below it. */
  static List<Step> steps(String document) {
    List<String> lines;
    try {
      lines = Files.readAllLines(projectRoot().resolve(document), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Step> steps = new ArrayList<>();
    boolean inConsole = false;
    Step current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        inConsole = !inConsole && line.strip().equals("```console");
        current = null;
      } else if (inConsole && line.startsWith("$ ")) {
        current = new Step(document, i + 1, line.substring(2).strip(), new ArrayList<>());
        steps.add(current);
      } else if (inConsole && current != null) {
        current.output().add(line);
      }
    }
    return steps;
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find docs/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
