package io.logto.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
      Map.entry("api", Set.of("alteration", "error", "jdbc", "plan", "run", "script", "state")),
      Map.entry("check", Set.of("alteration", "error", "jdbc", "plan", "run", "script", "snapshot", "state")),
      Map.entry("diff", Set.of("alteration", "check", "error", "jdbc", "plan", "run", "script", "snapshot",
          "state")),
      Map.entry("cli.render", Set.of("alteration", "diff", "error", "jdbc", "plan", "run", "script", "snapshot",
          "state")),
      Map.entry("cli", Set.of("alteration", "api", "check", "cli.render", "diff", "error", "history", "jdbc",
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

  /** {@code java} with comments, string and character literals (text blocks too) blanked out. */
  static String codeOnly(String java) {
    StringBuilder code = new StringBuilder(java.length());
    int i = 0;
    while (i < java.length()) {
      int end = skip(java, i);
      if (end == i) {
        code.append(java.charAt(i++));
      } else {
        code.append(" ".repeat(end - i));
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
