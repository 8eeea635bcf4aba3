package io.logto.db.safety;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PgBouncer in transaction pooling mode in front of the test server, started from the
 * {@code pgbouncer} on PATH (none: {@link #find()} is empty and the tests are skipped). Config
 * and log live in a temp dir readable by the postgres user, which it runs as when we are root.
 */
final class PgBouncer implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;

  private PgBouncer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The pgbouncer executable on PATH, if any. */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
    dirs.add("/usr/sbin"); // Debian's package installs it here, not always on a non-root PATH
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(d, "pgbouncer");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Whether the system has a postgres user (pgbouncer runs as it when we are root). */
  static boolean postgresUserExists() {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts PgBouncer in front of {@code host:port}; waits until it accepts connections. */
  static PgBouncer start(Path executable, String serverHost, int serverPort) {
    try {
      Path dir = Files.createTempDirectory("logto-pgbouncer");
      int listen = freePort();
      Path auth = dir.resolve("userlist.txt");
      Files.writeString(auth, "\"postgres\" \"\"\n", StandardCharsets.UTF_8);
      Path ini = dir.resolve("pgbouncer.ini");
      Files.writeString(ini, String.join("\n",
          "[databases]",
          "* = host=" + serverHost + " port=" + serverPort,
          "",
          "[pgbouncer]",
          "listen_addr = 127.0.0.1",
          "listen_port = " + listen,
          "unix_socket_dir =",
          "auth_type = trust",
          "auth_file = " + auth,
          "pool_mode = transaction",
          "max_client_conn = 200",
          "default_pool_size = 20",
          "ignore_startup_parameters = extra_float_digits,options",
          "logfile = " + dir.resolve("pgbouncer.log"),
          "pidfile = " + dir.resolve("pgbouncer.pid"),
          "admin_users = postgres",
          ""), StandardCharsets.UTF_8);
      // the postgres user must read the config and write the log and pid file
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString("rw-r--r--"));

      List<String> command = new ArrayList<>(List.of(executable.toString()));
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("-u", "postgres"));
      }
      command.add(ini.toString());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.txt").toFile())
          .start();
      PgBouncer bouncer = new PgBouncer(process, dir, listen);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      SQLException last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ":\n" + bouncer.log());
        }
        try (Connection ignored = bouncer.connect("postgres")) {
          return bouncer;
        } catch (SQLException e) {
          last = e;
          Thread.sleep(100);
        }
      }
      bouncer.close();
      throw new IllegalStateException("pgbouncer did not accept connections: " + last + "\n" + bouncer.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return port;
  }

  /** The URL of {@code database} through PgBouncer, as a user pastes it. */
  String url(String database) {
    return "postgres://postgres@127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("prepareThreshold", "0");
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  /** PgBouncer's log and output so far. */
  String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("pgbouncer.log", "stdout.txt")) {
      try {
        Path file = dir.resolve(name);
        if (Files.exists(file)) {
          text.append("--- ").append(name).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        text.append("(cannot read ").append(name).append(")\n");
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
