package io.logto.db.safety;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged jar ({@code -Dlogto.jar}, set by failsafe) run as a subprocess, plus small helpers
 * shared by the safety tests: script histories and polling the server.
 */
final class Logto {
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Logto() {}

  /** The jar; skips the test when not run by failsafe after packaging. */
  static Path jar() {
    String property = System.getProperty("logto.jar");
    assumeTrue(property != null && !property.isBlank(), "needs -Dlogto.jar: run by failsafe in mvn verify");
    Path jar = Path.of(property);
    assumeTrue(Files.isRegularFile(jar), "the packaged jar " + jar + " does not exist");
    return jar;
  }

  /** Exit code and output of one process. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }

    /** Lines of stderr that are errors (not indented details). */
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("[error]")).toList();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A started process whose output goes to files. */
  static final class Started {
    final Process process;
    private final Path out;
    private final Path err;
    private final List<String> args;

    Started(Process process, Path out, Path err, List<String> args) {
      this.process = process;
      this.out = out;
      this.err = err;
      this.args = args;
    }

    long pid() {
      return process.pid();
    }

    /** Waits for the exit (killing the process after {@code timeout}) and reads its output. */
    Run await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError("logto " + String.join(" ", args) + " did not finish within " + timeout
              + "\n--- stdout\n" + read(out) + "--- stderr\n" + read(err));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new AssertionError("interrupted", e);
      }
      return new Run(process.exitValue(), read(out), read(err));
    }

    Run await() {
      return await(TIMEOUT);
    }

    String stderrSoFar() {
      return read(err);
    }
  }

  /** Starts {@code java -jar logto.jar args} in {@code dir} with no DB_URL/PG* variables except {@code env}. */
  static Started start(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // start-up speed only (many JVMs on a small CI machine); no effect on behaviour
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.equals("DB_URL") || k.startsWith("PG") || k.equals("NO_COLOR"));
    environment.putAll(env);
    try {
      Files.createDirectories(dir);
      Path out = Files.createTempFile(dir, "stdout", ".txt");
      Path err = Files.createTempFile(dir, "stderr", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close(); // stdin: a closed pipe, not a terminal
      return new Started(process, out, err, List.of(args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Started start(Path dir, String... args) {
    return start(dir, Map.of(), args);
  }

  static Run run(Path dir, Map<String, String> env, String... args) {
    return start(dir, env, args).await();
  }

  static Run run(Path dir, String... args) {
    return run(dir, Map.of(), args);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  // ---------------------------------------------------------------- scripts

  /** The file name of script {@code n} (1-based) of a history: version 1.0.n, timestamp 1700000000 + 100 n. */
  static String fileName(int n) {
    return "1.0." + n + "-" + timestamp(n).toPlainString() + "-step-" + n + ".sql";
  }

  static BigDecimal timestamp(int n) {
    return BigDecimal.valueOf(1_700_000_000L + 100L * n);
  }

  /** Writes scripts 1..count, each creating table t{n} (and dropping it in its down section) after {@code extra}. */
  static void simpleHistory(Path dir, int count, String extraUp) {
    for (int n = 1; n <= count; n++) {
      Fixtures.script(dir, fileName(n), "create table t" + n + " (id int primary key);\n" + extraUp,
          "drop table t" + n + ";");
    }
  }

  /**
   * Writes a history of {@code count} scripts for concurrent runs. Script 1 creates {@code applied_log};
   * every script inserts its number into it (a double apply shows as a duplicate row), creates
   * t{n}, and some sleep, add columns, indexes or a type. Every down section records its number in
   * {@code audit.down_log} (created by the test before rolling back).
   */
  static void loggedHistory(Path dir, int count) {
    for (int n = 1; n <= count; n++) {
      StringBuilder up = new StringBuilder();
      List<String> down = new ArrayList<>();
      if (n == 1) {
        up.append("create table applied_log (script int not null, backend int not null default pg_backend_pid());\n");
        up.append("create table t1 (id int primary key, v text);\n");
        down.add("drop table t1;");
        down.add("drop table applied_log;");
      } else {
        up.append("create table t").append(n).append(" (id int primary key, ref int references t").append(n - 1)
            .append(" (id));\n");
        down.add("drop table t" + n + ";");
      }
      if (n % 3 == 0) {
        up.append("select pg_sleep(0.05);\n");
      }
      if (n % 4 == 0) {
        up.append("alter table t").append(n - 1).append(" add column c").append(n)
            .append(" text not null default 'x';\n");
        up.append("create index t").append(n).append("_ref on t").append(n).append(" (ref);\n");
        down.add(0, "alter table t" + (n - 1) + " drop column c" + n + ";");
      }
      if (n == 7) {
        up.append("create type mood as enum ('happy', 'sad');\nalter table t7 add column m mood;\n");
        down.add("drop type mood;");
      }
      up.append("insert into applied_log (script) values (").append(n).append(");");
      down.add("insert into audit.down_log (script) values (" + n + ");");
      Fixtures.script(dir, fileName(n), up.toString(), String.join("\n", down));
    }
  }

  /** Starts {@code count} processes with the same arguments at once, then waits for all of them. */
  static List<Run> together(Path temp, int count, String... args) {
    List<Started> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(start(temp.resolve("p" + i), args));
    }
    List<Run> runs = new ArrayList<>();
    for (Started s : started) {
      runs.add(s.await());
    }
    return runs;
  }

  /** How many lines in all outputs say an alteration's {@code direction} function succeeded. */
  static long succeeded(List<Run> runs, String direction) {
    return runs.stream().flatMap(r -> r.out().lines())
        .filter(l -> l.contains("Run alteration") && l.contains("`" + direction + "()` function succeeded")).count();
  }

  static String describe(List<Run> runs) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      text.append("=== process ").append(i).append(": ").append(runs.get(i)).append('\n');
    }
    return text.toString();
  }

  // ---------------------------------------------------------------- the server

  /** Polls {@code condition} every 50 ms until true or {@code timeout}; returns its last value. */
  static boolean poll(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Sessions of logto (application_name 'logto') connected to the test database. */
  static int logtoSessions(TestDatabase db) {
    return Integer.parseInt(db.query("select count(*) from pg_stat_activity where application_name = 'logto'"
        + " and datname = current_database() and pid <> pg_backend_pid()").get(0));
  }

  /** Advisory locks held or awaited in the test database. */
  static int advisoryLocks(TestDatabase db) {
    return Integer.parseInt(db.query("select count(*) from pg_locks where locktype = 'advisory'"
        + " and database = (select oid from pg_database where datname = current_database())").get(0));
  }

  /** Tables of the public schema other than the tool's own (logto_configs and any other logto_*). */
  static List<String> userTables(TestDatabase db) {
    return db.tables().stream().filter(t -> !t.startsWith("logto_")).toList();
  }

  /** {@link TestDatabase#schemaSnapshot()} without the tool's own tables (logto_*). */
  static String userSnapshot(TestDatabase db) {
    return String.join("\n", db.schemaSnapshot().lines().filter(l -> !l.contains("logto_")).toList());
  }
}
