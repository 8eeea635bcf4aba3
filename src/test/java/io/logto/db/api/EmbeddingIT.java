package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library as a product uses it. {@code src/test/embedding} is a small Maven project (an
 * "inventory" service) that depends on {@code io.logto:logto-db}, brings its own Logback and
 * {@code logback.xml}, and ships its own {@code alterations/}, indexed at build time with the
 * runnable jar as docs/writing-alterations.md shows. A child Maven process builds it
 * against the jars this build made, installed with this project's pom into a repository of
 * its own under {@code target/embedding-it}; every other artifact comes from the repository this
 * build resolved into (a {@code file:} mirror), so the child build needs no network. Then its
 * {@code App} runs against a fresh database, the way the product starts.
 */
class EmbeddingIT {
  private static final Path WORK = Path.of("target", "embedding-it");
  private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.11.0";

  /** The product's build output: the lines of {@code mvn dependency:tree} and its run-time class path. */
  private static List<String> tree;
  private static String classpath;

  @BeforeAll
  static void buildTheProduct() throws IOException, InterruptedException {
    String libraryJar = System.getProperty("logto.library.jar");
    assumeTrue(libraryJar != null && !libraryJar.isBlank(), "needs -Dlogto.library.jar: run by failsafe in mvn verify");
    recreate(WORK);
    Path project = WORK.resolve("project");
    copyTree(Path.of("src", "test", "embedding"), project);
    Path repository = WORK.resolve("repository").toAbsolutePath();
    install(Path.of(libraryJar), Path.of(System.getProperty("logto.jar")), Path.of("pom.xml"), repository);
    Path settings = WORK.resolve("settings.xml").toAbsolutePath();
    Files.writeString(settings, mirrorSettings(Path.of(System.getProperty("logto.maven.repository"))));
    Path treeFile = WORK.resolve("dependency-tree.txt").toAbsolutePath();
    Path classpathFile = WORK.resolve("classpath.txt").toAbsolutePath();

    Run build = run(project, 300, mvn(), "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repository,
        "process-classes",
        DEPENDENCY_PLUGIN + ":tree", "-DoutputFile=" + treeFile,
        DEPENDENCY_PLUGIN + ":build-classpath", "-Dmdep.outputFile=" + classpathFile);
    assertThat(build.exit()).as("the product's build (mvn in %s):%n%s%s", project, build.out(), build.err()).isZero();
    // the product indexes its alterations with the runnable jar (docs/writing-alterations.md),
    // which prints nothing when it works, so a quiet build stays quiet
    assertThat(project.resolve("target/classes/META-INF/logto/alterations.index")).isNotEmptyFile()
        .content().contains("create-items").contains("add-item-price");
    tree = Files.readAllLines(treeFile);
    classpath = project.resolve("target/classes").toAbsolutePath() + File.pathSeparator
        + Files.readString(classpathFile).strip();
  }

  @Test
  void theLibraryBringsOnlyItsEngineDependenciesAndNoCommandLine() {
    assertThat(tree.get(0)).as("dependency:tree\n%s", String.join("\n", tree)).startsWith("com.example:inventory:jar:");
    List<String> fromLibrary = subtreeOf("io.logto:logto-db:jar:" + System.getProperty("logto.version"));
    assertThat(fromLibrary).as("what io.logto:logto-db brings (dependency:tree)\n%s", String.join("\n", tree))
        .isNotEmpty()
        .allSatisfy(dependency -> assertThat(dependency).isIn(
            "org.postgresql:postgresql", "org.checkerframework:checker-qual", "com.fasterxml.jackson.core:jackson-core",
            "org.slf4j:slf4j-api"));
    assertThat(tree).as("the whole tree").noneMatch(line -> line.contains("info.picocli") || line.contains("org.jline"));
    // Logback only as the product's own choice (depth 1) and what that brings (logback-core)
    assertThat(tree).filteredOn(line -> line.contains("ch.qos.logback"))
        .containsExactly("\\- ch.qos.logback:logback-classic:jar:1.5.38:compile",
            "   \\- ch.qos.logback:logback-core:jar:1.5.38:compile");
  }

  @Test
  void theProductDeploysItsOwnAlterationsAndLogsInItsOwnFormat() throws Exception {
    try (TestDatabase db = TestPostgres.createDatabase()) {
      String url = db.jdbcUrl() + "?user=postgres";

      Run gate = app(url);
      assertThat(gate.err()).as("stderr of the gate").isEmpty();
      assertThat(gate.out().lines().toList()).as("stdout of the gate").singleElement().asString()
          .startsWith("INVENTORY ERROR [App] Refusing to start: The database is not up to date: no alteration applied;"
              + " 2 pending alterations (up to next): 1.0.0-1800000000-create-items.sql,"
              + " next-1800000100-add-item-price.sql. Deploy them before starting the application:");
      assertThat(gate.exit()).isEqualTo(10);
      assertThat(db.tables()).as("the gate changes nothing").isEmpty();

      Run start = app(url, "--deploy");
      assertThat(start.err()).as("stderr: no Logback status lines, no SLF4J warnings").isEmpty();
      assertThat(start.out().lines().toList()).as("stdout, every line in the product's logback.xml pattern")
          .satisfiesExactly(
              line -> assertThat(line).matches("INVENTORY INFO  \\[Logto\\] Alteration 1\\.0\\.0-1800000000-create-items\\.sql"
                  + " up succeeded in \\d+ ms"),
              line -> assertThat(line).matches("INVENTORY INFO  \\[Logto\\] Alteration next-1800000100-add-item-price\\.sql"
                  + " up succeeded in \\d+ ms"),
              line -> assertThat(line).isEqualTo("INVENTORY INFO  [App] Deployed 2 alterations"),
              line -> assertThat(line).isEqualTo("INVENTORY INFO  [App] The database is up to date; starting"));
      assertThat(start.exit()).isZero();

      // only the product's own history: the library jar carries no alterations of its own
      assertThat(db.tables()).containsExactly("items", "logto_configs");
      assertThat(db.query("select script from logto_alteration_journal order by id"))
          .containsExactly("1.0.0-1800000000-create-items.sql", "next-1800000100-add-item-price.sql");

      Run again = app(url);
      assertThat(again.out().lines().toList()).containsExactly("INVENTORY INFO  [App] The database is up to date; starting");
      assertThat(again.exit()).isZero();
    }
  }

  /** The dependencies (groupId:artifactId) below {@code node} in the tree, at any depth. */
  private static List<String> subtreeOf(String node) {
    List<String> below = new ArrayList<>();
    int depth = -1;
    for (String line : tree.subList(1, tree.size())) {
      int lineDepth = depth(line);
      String coordinates = line.substring(lineDepth * 3);
      if (depth < 0) {
        if (coordinates.startsWith(node + ":")) {
          depth = lineDepth;
        }
      } else if (lineDepth > depth) {
        String[] parts = coordinates.split(":");
        below.add(parts[0] + ":" + parts[1]);
      } else {
        break;
      }
    }
    assertThat(depth).as("%s in dependency:tree%n%s", node, String.join("\n", tree)).isNotNegative();
    return below;
  }

  /** A tree line's depth, 1 for a direct dependency: each level is three characters ({@code "|  "}, {@code "+- "}). */
  private static int depth(String line) {
    int i = 0;
    while (i < line.length() && "|+-\\ ".indexOf(line.charAt(i)) >= 0) {
      i++;
    }
    return i / 3;
  }

  private static Run app(String jdbcUrl, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, "com.example.inventory.App", jdbcUrl));
    command.addAll(List.of(args));
    return run(WORK, 90, command.toArray(String[]::new));
  }

  /** What {@code mvn install} would put in a repository: the library jar, the runnable jar, this project's pom. */
  private static void install(Path jar, Path allJar, Path pom, Path repository) throws IOException {
    String version = System.getProperty("logto.version");
    Path directory = repository.resolve(Path.of("io", "logto", "logto-db", version));
    Files.createDirectories(directory);
    Files.copy(jar, directory.resolve("logto-db-" + version + ".jar"));
    Files.copy(allJar, directory.resolve("logto-db-" + version + "-all.jar"));
    Files.copy(pom, directory.resolve("logto-db-" + version + ".pom"));
  }

  /** Settings that send every repository request to the repository this build resolved into. */
  private static String mirrorSettings(Path buildRepository) {
    return "<settings><mirrors><mirror><id>logto-build</id><mirrorOf>*</mirrorOf><url>"
        + buildRepository.toUri() + "</url></mirror></mirrors></settings>\n";
  }

  private static String mvn() {
    String home = System.getProperty("logto.maven.home");
    Path mvn = home == null ? null : Path.of(home, "bin", "mvn");
    return mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
  }

  record Run(int exit, String out, String err) {}

  private static Run run(Path directory, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    // a short build: the quick JIT tier is faster for it, as for the tool itself
    builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Path out = Files.createTempFile(WORK, "stdout", ".txt");
    Path err = Files.createTempFile(WORK, "stderr", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; stdout:\n"
          + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Copies the project's sources, not the output of a build someone ran by hand there. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void recreate(Path root) throws IOException {
    if (!Files.exists(root)) {
      Files.createDirectories(root);
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    Files.createDirectories(root);
  }
}
