package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.Skips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn -q package} prints nothing but errors. The two things that printed anyway: Maven
 * 3.8's Jansi, which writes a colour reset ({@code ESC[0m}) at start and exit even with {@code -q}
 * and {@code -B} (switched off by {@code -Djansi.noreset=true} in {@code .mvn/jvm.config}), and the
 * build's alteration index step, which said how many scripts it indexed.
 */
class QuietBuildIT {
  @TempDir
  Path temp;

  @Test
  void theIndexStepPrintsNothingWhenItWorks() throws Exception {
    Path classes = Path.of("target", "classes").toAbsolutePath();
    Skips.unless(Files.isDirectory(classes), "QuietBuildIT needs target/classes: run by failsafe in mvn verify");
    Fixtures.script(temp.resolve("alterations"), "1.0.0-1000-create-a.sql", "create table a (id int);", "drop table a;");
    Result run = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        classes.toString(), WriteAlterationIndex.class.getName(), temp.toString()), temp);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).isEmpty();
    assertThat(temp.resolve("META-INF/logto/alterations.index")).isRegularFile();
  }

  @Test
  void aQuietMavenRunPrintsNoEscapeCodes() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Skips.unless(Files.isRegularFile(root.resolve(".mvn/jvm.config")), "QuietBuildIT runs from the project root");
    Result run;
    try {
      run = run(List.of("mvn", "-B", "-q", "-o", "validate"), root);
    } catch (IOException e) {
      Skips.unless(false, "QuietBuildIT: mvn is not on PATH (" + e.getMessage() + ")");
      return;
    }
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("mvn -q validate prints nothing, no escape codes either").isEmpty();
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}
