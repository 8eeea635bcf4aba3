package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code scripts/logto}, the launcher the README runs, with the JVM flags it passes. */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("scripts", "logto").toAbsolutePath();

  @Test
  void jvmWarningsGoToStderrSoStdoutStaysTheToolsOwn() throws Exception {
    // a machine too small for the launcher's -Xmn32m: the JVM warns, on stderr only
    Result run = run("--version", "-XX:MaxRAM=64m");
    assertThat(run.exit).as(run.toString()).isZero();
    assertThat(run.out.lines().toList()).as(run.toString()).hasSize(3).first().asString().startsWith("logto ");
    assertThat(run.err).as(run.toString()).contains("[warning][gc");
  }

  @Test
  void aNormalRunPrintsNothingOfTheJvms() throws Exception {
    Result run = run("--version", "");
    assertThat(run.exit).as(run.toString()).isZero();
    assertThat(run.out.lines().toList()).as(run.toString()).hasSize(3);
    assertThat(run.err.lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))).as(run.toString()).isEmpty();
  }

  private record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Result run(String argument, String toolOptions) throws IOException, InterruptedException {
    assertThat(LAUNCHER).exists();
    Path out = Files.createTempFile("launcher-out", ".txt");
    Path err = Files.createTempFile("launcher-err", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of("bash", LAUNCHER.toString(), argument))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("scripts/logto " + argument + " did not finish within 60 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
