package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.logto.db.plan.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Keeps the documentation from drifting away from the command line: every {@code logto} command
 * shown in README.md and docs/*.md must parse against the real picocli model (so a renamed or
 * removed option, a misspelt command or a bad duration fails the build), and every option named on
 * its own in prose ({@code `--lock-wait`}) must exist, as an option of logto or of a script in
 * scripts/. No database is needed.
 *
 * <p>What counts as a command: in a fenced block marked {@code sh}, every line that starts with
 * {@code logto } or {@code scripts/logto } (after optional {@code VAR=value} assignments); in a
 * block marked {@code console}, the same but only on lines starting with {@code $ } (the others are
 * output). A trailing {@code \} continues the line. The line is split like a shell would (quotes,
 * backslashes) up to a comment, pipe, redirection or {@code ;}. The placeholders in
 * {@link #PLACEHOLDERS} stand for real values; any other {@code $VAR} or {@code <word>} fails, so
 * the set of placeholders the docs use stays small and known.
 */
class DocsCommandsTest {
  /** The placeholders the docs may use in commands, and what they stand for. */
  static final Map<String, String> PLACEHOLDERS = placeholders();

  private static final Set<String> COMMAND_BLOCKS = Set.of("sh", "console");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern LEFTOVER_PLACEHOLDER = Pattern.compile("\\$\\{?[A-Za-z_]|<[A-Za-z][A-Za-z0-9_.-]*>");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern INLINE_OPTION = Pattern.compile("--[a-z][a-z0-9-]*(?=$|[ =\\[])");

  private static Map<String, String> placeholders() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("${DB_URL}", "postgres://app@db.example:5432/app");
    map.put("$DB_URL", "postgres://app@db.example:5432/app");
    map.put("<db-url>", "postgres://app@db.example:5432/app");
    map.put("<version>", "1.2.0");
    map.put("<name>", "add-user-locale");
    map.put("<dir>", "alterations");
    return map;
  }

  /** One command found in a document. */
  record DocCommand(String file, int line, String text, List<String> args) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + text;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyDocumentedCommandParses() {
    List<DocCommand> commands = documents().stream().flatMap(file -> commands(file).stream()).toList();
    assertThat(commands).as("commands found in README.md and docs/*.md").hasSizeGreaterThan(30);
    return commands.stream().map(command -> DynamicTest.dynamicTest(command.toString(), () -> parse(command)));
  }

  @Test
  void everyOptionNamedInProseExists() {
    Set<String> known = optionNames(CommandTree.full(new LogtoCommand(null)));
    known.addAll(scriptOptions());
    List<String> unknown = new ArrayList<>();
    for (Path file : documents()) {
      List<String> lines = read(file);
      boolean inFence = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.strip().startsWith("```")) {
          inFence = !inFence;
          continue;
        }
        if (inFence) {
          continue;
        }
        Matcher code = INLINE_CODE.matcher(line);
        while (code.find()) {
          Matcher option = INLINE_OPTION.matcher(code.group(1).strip());
          if (option.lookingAt() && !known.contains(option.group())) {
            unknown.add(relative(file) + ":" + (i + 1) + ": " + option.group());
          }
        }
      }
    }
    assertThat(unknown).as("options named in the docs that no logto command has").isEmpty();
  }

  @Test
  void theCheckerItselfRejectsWhatIsWrong() {
    assertThat(failure("logto db alt deploy latest --foo")).contains("Unknown option");
    assertThat(failure("logto db alt deploy latest --lock-wait 5x")).contains("not a duration");
    assertThat(failure("logto db alt deploy 1.2")).contains("Invalid target version");
    assertThat(failure("logto db alt rollback latest --yes")).contains("Invalid target version");
    assertThat(failure("logto db alt deploy $PASSWORD")).contains("unknown placeholder");
    assertThat(failure("logto db alt deplyo latest")).contains("Unmatched argument");
    assertThat(failure("scripts/logto db alt deploy latest --db-url \"$DB_URL\" # a comment")).isNull();
    assertThat(failure("DB_URL=x logto db alt status --exit-code | tee out.txt")).isNull();
  }

  /** The failure message for a command line, or null when it parses. */
  private static String failure(String line) {
    List<DocCommand> found = commandsIn("test.md", List.of("```sh", line, "```"));
    assertThat(found).hasSize(1);
    try {
      parse(found.get(0));
      return null;
    } catch (AssertionError e) {
      return e.getMessage();
    }
  }

  private static void parse(DocCommand command) {
    for (String arg : command.args()) {
      if (LEFTOVER_PLACEHOLDER.matcher(arg).find()) {
        fail(command + "\n  unknown placeholder in '" + arg + "': use one of " + PLACEHOLDERS.keySet()
            + " (DocsCommandsTest.PLACEHOLDERS) or a real value");
      }
    }
    ParseResult result;
    try {
      result = CommandTree.full(new LogtoCommand(null)).parseArgs(command.args().toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      fail(command + "\n  does not parse: " + e.getMessage());
      return;
    }
    ParseResult leaf = result;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
      return;
    }
    String version = leaf.matchedPositionals().isEmpty() ? null : leaf.matchedPositionalValue(0, (String) null);
    try {
      switch (leaf.commandSpec().name()) {
        case "deploy" -> {
          if (version != null) {
            Target.parse(version);
          }
        }
        case "rollback" -> {
          if (version != null || leaf.matchedOption("--to-timestamp") == null) {
            Target.parseVersion(version);
          }
        }
        case "release" -> Target.parseVersion(version);
        default -> { }
      }
    } catch (RuntimeException e) {
      fail(command + "\n  " + e.getMessage());
    }
  }

  /** The options of the repository's own scripts (scripts/bench --head...), which the docs may name too. */
  private static Set<String> scriptOptions() {
    Set<String> names = new TreeSet<>();
    Pattern option = Pattern.compile("--[a-z][a-z0-9-]*");
    try (Stream<Path> scripts = Files.list(projectRoot().resolve("scripts"))) {
      for (Path script : scripts.filter(Files::isRegularFile).toList()) {
        Matcher m = option.matcher(Files.readString(script, StandardCharsets.ISO_8859_1));
        while (m.find()) {
          names.add(m.group());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Every option name of every command (aliases included). */
  private static Set<String> optionNames(CommandLine commandLine) {
    Set<String> names = new TreeSet<>();
    CommandSpec spec = commandLine.getCommandSpec();
    for (OptionSpec option : spec.options()) {
      names.addAll(List.of(option.names()));
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      names.addAll(optionNames(sub));
    }
    return names;
  }

  private static List<Path> documents() {
    Path root = projectRoot();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project root (pom.xml and docs/) above "
          + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String relative(Path file) {
    return projectRoot().relativize(file).toString();
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<DocCommand> commands(Path file) {
    return commandsIn(relative(file), read(file));
  }

  /** The logto commands in the sh and console blocks of a document's lines. */
  static List<DocCommand> commandsIn(String name, List<String> lines) {
    List<DocCommand> commands = new ArrayList<>();
    String block = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        block = block == null ? line.substring(3).strip().split("\\s+")[0].toLowerCase(Locale.ROOT) : null;
        continue;
      }
      if (block == null || !COMMAND_BLOCKS.contains(block)) {
        continue;
      }
      if (block.equals("console")) {
        if (!line.startsWith("$ ")) {
          continue;
        }
        line = line.substring(2).strip();
      } else if (line.startsWith("$ ")) {
        line = line.substring(2).strip();
      }
      int first = i;
      StringBuilder text = new StringBuilder(line);
      while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
        text.setLength(text.length() - 1);
        text.append(' ').append(lines.get(++i).strip());
      }
      List<String> words = split(text.toString());
      int start = 0;
      while (start < words.size() && ASSIGNMENT.matcher(words.get(start)).matches()) {
        start++;
      }
      if (start < words.size() && (words.get(start).equals("logto") || words.get(start).equals("scripts/logto"))) {
        List<String> args = words.subList(start + 1, words.size()).stream().map(DocsCommandsTest::substitute).toList();
        commands.add(new DocCommand(name, first + 1, text.toString().strip(), args));
      }
    }
    return commands;
  }

  private static String substitute(String word) {
    String result = word;
    for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
      result = result.replace(placeholder.getKey(), placeholder.getValue());
    }
    return result;
  }

  /**
   * Splits a command line like a POSIX shell: words separated by blanks, single quotes literal,
   * double quotes with backslash escapes, backslash escapes outside quotes; stops at an unquoted
   * comment, pipe, list operator or redirection. Quoted text keeps {@code $VAR} for substitution.
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' in: " + line);
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        while (j < line.length() && line.charAt(j) != '"') {
          char d = line.charAt(j);
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            word.append(line.charAt(++j));
          } else {
            word.append(d);
          }
          j++;
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unterminated \" in: " + line);
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (!inWord && c == '#') {
        break;
      } else if (c == '|' || c == ';' || c == '&' || c == '>' || c == '<' || c == ')') {
        if (inWord && c == '>' && word.toString().matches("\\d+")) {
          word.setLength(0); // 2>file: the file descriptor belongs to the redirection
          inWord = false;
        }
        break;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
