package io.logto.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md ("Packages" and "Dependencies point one way"),
 * checked on the sources: every import and every fully qualified {@code io.logto.db.…} or
 * {@code com.fasterxml.jackson.…} name in code (comments and string literals do not count).
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final String ROOT = "io.logto.db.";

  /**
   * What each package may use besides itself (short names under {@code io.logto.db}). A package
   * missing here fails {@link #everyPackageHasRulesAndAPackageInfo}: a new package gets its rules
   * in docs/architecture.md and here together.
   */
  private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("error", Set.of()),
      Map.entry("alteration", Set.of("error")),
      Map.entry("plan", Set.of("alteration", "error", "state")), // state: its records only, below
      Map.entry("jdbc", Set.of("error")),
      Map.entry("script", Set.of("alteration", "error")),
      Map.entry("snapshot", Set.of("error", "jdbc")),
      Map.entry("state", Set.of("error", "jdbc", "snapshot")),
      Map.entry("run", Set.of("alteration", "error", "jdbc", "plan", "script", "state")),
      Map.entry("history", Set.of("alteration", "error")),
      Map.entry("analysis", Set.of("alteration", "error", "jdbc", "script", "snapshot")),
      Map.entry("api", Set.of("alteration", "analysis", "error", "jdbc", "plan", "run", "script", "state")),
      Map.entry("check", Set.of("alteration", "analysis", "error", "jdbc", "plan", "run", "script", "snapshot",
          "state")),
      Map.entry("diff", Set.of("alteration", "check", "error", "jdbc", "plan", "run", "script", "snapshot",
          "state")),
      Map.entry("cli.render", Set.of("alteration", "analysis", "diff", "error", "jdbc", "plan", "run", "script", "snapshot",
          "state")),
      Map.entry("cli", Set.of("alteration", "analysis", "api", "check", "cli.render", "diff", "error", "history", "jdbc",
          "plan", "run", "script", "snapshot", "state")));

  /** The only sources that may use Jackson: where JSON is written (and the state row's JSON read). */
  private static final Set<String> JACKSON = Set.of("cli.render.*", "state.LogtoConfigsStateStore");

  private static final Pattern REFERENCE =
      Pattern.compile("\\b(io\\.logto\\.db\\.[a-z][a-z0-9_.]*?)\\.([A-Z]\\w*)|\\bcom\\.fasterxml\\.jackson\\b");

  private static List<Source> sources;

  /** A source file: its package (short, as {@code cli.render}), class name and references. */
  record Source(String pkg, String name, Set<String> references) {
    String id() {
      return pkg + "." + name;
    }
  }

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().map(ArchitectureTest::source).toList();
    }
    assertThat(sources).hasSizeGreaterThan(100);
  }

  private static Source source(Path file) {
    String relative = MAIN.relativize(file).toString().replace('\\', '/');
    String qualified = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    assertThat(qualified).startsWith(ROOT);
    String shortName = qualified.substring(ROOT.length());
    int dot = shortName.lastIndexOf('.');
    try {
      return new Source(shortName.substring(0, dot), shortName.substring(dot + 1),
          references(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code cli.render.Json} for each tool class named in code, {@code jackson} for Jackson. */
  static Set<String> references(String java) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(codeOnly(java));
    while (m.find()) {
      found.add(m.group(1) == null ? "jackson" : m.group(1).substring(ROOT.length()) + "." + m.group(2));
    }
    return found;
  }

  /** {@code java} with comments, string and character literals (text blocks too) blanked out, line breaks kept. */
  static String codeOnly(String java) {
    StringBuilder code = new StringBuilder(java.length());
    int i = 0;
    while (i < java.length()) {
      int end = skip(java, i);
      if (end == i) {
        code.append(java.charAt(i++));
      } else {
        code.append(java.substring(i, end).replaceAll("[^\\n]", " ")); // lines stay where they were
        i = end;
      }
    }
    return code.toString();
  }

  /** The end of the comment or literal starting at {@code i}, or {@code i} when none starts there. */
  private static int skip(String java, int i) {
    if (java.startsWith("//", i)) {
      int end = java.indexOf('\n', i);
      return end < 0 ? java.length() : end;
    }
    if (java.startsWith("/*", i)) {
      return java.indexOf("*/", i + 2) + 2;
    }
    if (java.startsWith("\"\"\"", i)) {
      return java.indexOf("\"\"\"", i + 3) + 3;
    }
    char c = java.charAt(i);
    if (c == '"' || c == '\'') {
      int j = i + 1;
      while (java.charAt(j) != c) {
        j += java.charAt(j) == '\\' ? 2 : 1;
      }
      return j + 1;
    }
    return i;
  }

  private static String packageOf(String reference) {
    return reference.substring(0, reference.lastIndexOf('.'));
  }

  @Test
  void everyPackageHasRulesAndAPackageInfo() {
    Set<String> packages = new TreeSet<>();
    sources.forEach(s -> packages.add(s.pkg()));
    assertThat(MAY_USE.keySet()).as("packages with dependency rules").containsExactlyInAnyOrderElementsOf(packages);
    for (String pkg : packages) {
      assertThat(sources).as("package-info.java of " + pkg)
          .anyMatch(s -> s.pkg().equals(pkg) && s.name().equals("package-info"));
    }
  }

  @Test
  void packagesUseOnlyWhatTheArchitectureAllows() {
    Map<String, Set<String>> broken = new TreeMap<>();
    for (Source source : sources) {
      for (String reference : source.references()) {
        if (reference.equals("jackson")) {
          continue;
        }
        String used = packageOf(reference);
        if (!used.equals(source.pkg()) && !MAY_USE.get(source.pkg()).contains(used)) {
          broken.computeIfAbsent(source.id(), k -> new TreeSet<>()).add(reference);
        }
      }
    }
    assertThat(broken).as("uses a package docs/architecture.md does not allow").isEmpty();
  }

  @Test
  void nothingBelowTheFacesUsesThem() {
    List<String> broken = new ArrayList<>();
    for (Source source : sources) {
      boolean face = source.pkg().equals("cli") || source.pkg().startsWith("cli.") || source.pkg().equals("api");
      source.references().stream()
          .filter(r -> !face && (r.startsWith("cli.") || r.startsWith("api.")))
          .forEach(r -> broken.add(source.id() + " uses " + r));
    }
    assertThat(broken).as("nothing below cli and api uses them").isEmpty();
  }

  /** {@code Checks.of} is given checksums, and the state arrives as values: plan uses state's records only. */
  @Test
  void planUsesOnlyTheRecordsOfState() throws ClassNotFoundException {
    List<String> broken = new ArrayList<>();
    for (Source source : sources.stream().filter(s -> s.pkg().equals("plan")).toList()) {
      for (String reference : source.references()) {
        if (reference.startsWith("state.") && !Class.forName(ROOT + reference).isRecord()) {
          broken.add(source.id() + " uses " + reference);
        }
      }
    }
    assertThat(broken).as("plan uses only state's records").isEmpty();
  }

  @Test
  void onlyTheWritersOfJsonUseJackson() {
    List<String> users = sources.stream().filter(s -> s.references().contains("jackson"))
        .map(Source::id).filter(id -> !JACKSON.contains(id) && !JACKSON.contains(packageOf(id) + ".*")).toList();
    assertThat(users).as("Jackson outside cli.render and state.LogtoConfigsStateStore").isEmpty();
  }

  private static final Set<String> MODIFIERS = Set.of("public", "private", "protected", "static", "final",
      "synchronized", "abstract", "default", "native");
  private static final Pattern TYPE_WORD = Pattern.compile("[\\w.<>\\[\\],?]+");
  private static final Set<String> NOT_A_METHOD = Set.of("if", "for", "while", "switch", "catch", "try", "return",
      "new", "else", "do", "synchronized", "throw", "super", "this", "record", "class", "interface", "enum");

  /**
   * A method (or constructor) of more than 40 lines says why it is long, in a comment starting
   * {@code // Long:} in its body (house style: short methods, a comment where the code cannot say why).
   */
  @Test
  void methodsOverFortyLinesSayWhy() throws IOException {
    List<String> unexplained = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String java = Files.readString(file, StandardCharsets.UTF_8);
        longMethods(java, 40).stream().filter(m -> !m.text().contains("// Long:"))
            .forEach(m -> unexplained.add(MAIN.relativize(file) + ":" + m.line() + " " + m.name() + " ("
                + m.lines() + " lines)"));
      }
    }
    assertThat(unexplained).as("methods over 40 lines without a '// Long:' comment saying why").isEmpty();
  }

  /** A source file a newcomer reads in one sitting: at most 300 lines, split by job beyond that. */
  @Test
  void sourceFilesStayUnderThreeHundredLines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
        if (lines > 300) {
          tooLong.add(MAIN.relativize(file) + " (" + lines + " lines)");
        }
      }
    }
    assertThat(tooLong).as("source files over 300 lines (split the class by job)").isEmpty();
  }

  /** A method's name, first line (1-based), length in lines and source text. */
  record Method(String name, int line, int lines, String text) {}

  /** The methods of {@code java} longer than {@code limit} lines, from the declaration to the closing brace. */
  static List<Method> longMethods(String java, int limit) {
    String[] code = codeOnly(java).split("\n", -1);
    String[] raw = java.split("\n", -1);
    List<Method> found = new ArrayList<>();
    for (int i = 0; i < code.length; i++) {
      String name = declaredName(code[i]);
      if (name == null) {
        continue;
      }
      int open = i;
      while (open < code.length && code[open].indexOf('{') < 0 && code[open].indexOf(';') < 0) {
        open++;
      }
      if (open == code.length || code[open].indexOf('{') < 0 || code[open].indexOf(';') >= 0
          && code[open].indexOf(';') < code[open].indexOf('{')) {
        continue;
      }
      int close = closingLine(code, open);
      if (close - i + 1 > limit) {
        found.add(new Method(name, i + 1, close - i + 1,
            String.join("\n", Arrays.copyOfRange(raw, i, close + 1))));
      }
    }
    return found;
  }

  /**
   * The name of the method or constructor {@code line} declares ({@code [annotations] [modifiers]
   * [<T>] [type] name(}), or null: a statement, a call, a field or a type declaration.
   */
  static String declaredName(String line) {
    int paren = line.indexOf('(');
    if (paren < 0) {
      return null;
    }
    String head = line.substring(0, paren).strip();
    if (head.isEmpty() || head.contains("=") || head.startsWith("@")) {
      return null;
    }
    String[] words = head.split("\\s+");
    String name = words[words.length - 1];
    if (!name.matches("\\w+") || NOT_A_METHOD.contains(name)) {
      return null;
    }
    for (int w = 0; w < words.length - 1; w++) {
      if (NOT_A_METHOD.contains(words[w]) || !MODIFIERS.contains(words[w]) && !TYPE_WORD.matcher(words[w]).matches()) {
        return null;
      }
    }
    return name;
  }

  /** The line of the brace that closes the first one opened on line {@code open}. */
  private static int closingLine(String[] code, int open) {
    int depth = 0;
    for (int k = open; k < code.length; k++) {
      for (char c : code[k].toCharArray()) {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      if (depth == 0) {
        return k;
      }
    }
    return code.length - 1;
  }

  @Test
  void longMethodsAreFound() {
    String body = "    x++;\n".repeat(40);
    String java = "class A {\n  /** Doc. */\n  static int shortOne(int x) {\n    return x;\n  }\n\n"
        + "  private static void longOne(int x) {\n" + body + "  }\n\n  A(int x) {\n" + body + "  }\n}\n";
    assertThat(longMethods(java, 40)).extracting(Method::name, Method::line, Method::lines)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("longOne", 7, 42), org.assertj.core.groups.Tuple.tuple("A", 50, 42));
  }

  /** The reading itself: names in comments and strings are not dependencies, names in code are. */
  @Test
  void referencesAreReadFromCodeOnly() {
    String java = """
        import io.logto.db.plan.Planner;
        /** {@link io.logto.db.cli.Main} */
        class A { // io.logto.db.api.Logto
          String s = "io.logto.db.run.X \\" io.logto.db.run.Y"; char c = '"';
          io.logto.db.state.StateView v; com.fasterxml.jackson.core.JsonFactory f;
          String t = \"""
              io.logto.db.diff.Z
              \""";
        }
        """;
    assertThat(references(java)).containsExactly("plan.Planner", "state.StateView", "jackson");
  }
}
