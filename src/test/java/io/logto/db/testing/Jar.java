package io.logto.db.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runnable jar ({@code -Dlogto.jar}, set by failsafe after {@code package}) run as a user runs
 * it: a subprocess in a directory of the test's, stdin a closed pipe (not a terminal), and no
 * {@code DB_URL}, {@code PG*}, {@code CI}, {@code NO_COLOR} or {@code LOGTO_*}/{@code DATABASE_*}
 * variables unless the test sets them.
 */
public final class Jar {
  private static final int TIMEOUT_SECONDS = 120;
  private static Path copy;

  private Jar() {}

  /** Exit code and output of one run; with {@link #runMerged}, {@code out} holds both streams in order. */
  public record Run(int exit, String out, String err) {
    public List<String> outLines() {
      return out.lines().toList();
    }

    public List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * A private copy of the jar (a concurrent {@code mvn package} rewriting target/ must not break a
   * run); skips the test when not run by failsafe after packaging.
   */
  public static synchronized Path path() {
    if (copy == null) {
      String property = System.getProperty("logto.jar");
      assumeTrue(property != null && !property.isBlank(), "needs -Dlogto.jar: run by failsafe in mvn verify");
      Path built = Path.of(property);
      assumeTrue(Files.isRegularFile(built), "the packaged jar " + built + " does not exist");
      try {
        Path target = Files.createTempFile("logto-it-", ".jar");
        target.toFile().deleteOnExit();
        copy = Files.copy(built, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return copy;
  }

  /** {@code java -jar logto.jar args}, as a command line. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(path().toString());
    command.addAll(List.of(args));
    return command;
  }

  /** The variables a run starts without, so the machine's own settings do not leak into a test. */
  public static void clean(Map<String, String> environment) {
    environment.keySet().removeIf(k -> k.equals("DB_URL") || k.startsWith("PG") || k.equals("NO_COLOR")
        || k.equals("CI") || k.startsWith("LOGTO_") || k.startsWith("DATABASE_"));
  }

  public static Run run(Path dir, Map<String, String> env, String... args) {
    return run(dir, env, false, args);
  }

  /** Runs with stderr sent to the same pipe as stdout, so {@link Run#out} shows the lines in the order a person sees. */
  public static Run runMerged(Path dir, Map<String, String> env, String... args) {
    return run(dir, env, true, args);
  }

  private static Run run(Path dir, Map<String, String> env, boolean merged, String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile());
    clean(builder.environment());
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile("logto-it-stdout", ".txt");
      Path err = Files.createTempFile("logto-it-stderr", ".txt");
      try {
        builder.redirectOutput(out.toFile());
        if (merged) {
          builder.redirectErrorStream(true);
        } else {
          builder.redirectError(err.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close(); // stdin: a closed pipe, not a terminal
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError("logto " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS
              + " s; output:\n" + Files.readString(out) + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
