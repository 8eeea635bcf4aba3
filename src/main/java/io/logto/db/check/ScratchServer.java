package io.logto.db.check;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.jdbc.EmbeddedServer;
import io.logto.db.jdbc.SqlErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where {@code check} and {@code diff} build their databases: a throwaway embedded PostgreSQL in a temporary directory,
 * or a server given by URL. Each database it creates is named {@code logto_check_<random>}, made
 * from {@code template0}, and dropped on {@link #close()} (also when the JVM is stopped), together
 * with the throwaway server and its directory. It never changes the database the URL names.
 */
public final class ScratchServer implements AutoCloseable {
  public static final String PREFIX = "logto_check_";
  private static final Pattern TCP_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(?:/[^?]*)?(\\?.*)?");
  private static final Pattern LOCAL_URL = Pattern.compile("jdbc:postgresql:[^?]*(\\?.*)?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DatabaseUrl base;
  private final String description;
  private final Optional<EmbeddedServer> embedded;
  private final Optional<Path> temporaryDirectory;
  private final List<String> created = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread cleanup = new Thread(this::cleanUp, "logto-check-cleanup");
  private volatile Consumer<String> warnings = message -> System.err.println("[warn] " + message);

  private ScratchServer(DatabaseUrl base, String description, Optional<EmbeddedServer> embedded,
      Optional<Path> temporaryDirectory) {
    this.base = base;
    this.description = description;
    this.embedded = embedded;
    this.temporaryDirectory = temporaryDirectory;
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** A throwaway embedded PostgreSQL in a new temporary directory, deleted on close. */
  public static ScratchServer embedded() {
    Path directory;
    try {
      directory = Files.createTempDirectory("logto-check-");
    } catch (IOException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot create a temporary directory for the embedded"
          + " PostgreSQL: " + e.getMessage() + ". Check that the temporary directory (java.io.tmpdir) is writable.", e);
    }
    EmbeddedServer server;
    try {
      server = EmbeddedServer.start(directory);
    } catch (RuntimeException e) {
      deleteTree(directory);
      throw e;
    }
    return new ScratchServer(DatabaseUrl.parse(server.jdbcUrl()), "a throwaway embedded PostgreSQL",
        Optional.of(server), Optional.of(directory));
  }

  /** The server of {@code url} ({@code embedded:DIR} starts that embedded server, whose directory stays). */
  public static ScratchServer on(DatabaseUrl url) {
    if (url.embeddedDirectory().isPresent()) {
      EmbeddedServer server = EmbeddedServer.start(url.embeddedDirectory().get());
      return new ScratchServer(DatabaseUrl.parse(server.jdbcUrl()), "the embedded PostgreSQL in "
          + url.embeddedDirectory().get(), Optional.of(server), Optional.empty());
    }
    return new ScratchServer(url, "the server of " + url.redacted(), Optional.empty(), Optional.empty());
  }

  /** Where to report what could not be cleaned up (default: stderr). */
  public ScratchServer onWarning(Consumer<String> warnings) {
    this.warnings = warnings;
    return this;
  }

  public String description() {
    return description;
  }

  /** Creates a new empty scratch database and returns its URL. */
  public DatabaseUrl createDatabase() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String name = PREFIX + HexFormat.of().formatHex(random);
    try (Connection connection = admin(); Statement st = connection.createStatement()) {
      st.execute("create database " + name + " template template0");
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot create the scratch database " + name + " on "
          + description + ": " + SqlErrors.oneLine(e) + ". Scratch databases need a user that may create databases"
          + " (CREATEDB); or leave out --scratch-url to use a throwaway embedded PostgreSQL.", e);
    }
    synchronized (created) {
      created.add(name);
    }
    return new DatabaseUrl(withDatabase(base.jdbcUrl(), name), base.credentials(),
        "scratch database " + name + " on " + description, Optional.empty());
  }

  /** Opens a pool on a scratch database. */
  public Database open(DatabaseUrl scratch) {
    return Database.open(scratch);
  }

  /** The JDBC URL {@code jdbcUrl} with its database replaced by {@code database}. */
  static String withDatabase(String jdbcUrl, String database) {
    Matcher tcp = TCP_URL.matcher(jdbcUrl);
    if (tcp.matches()) {
      return tcp.group(1) + "/" + database + (tcp.group(2) == null ? "" : tcp.group(2));
    }
    Matcher local = LOCAL_URL.matcher(jdbcUrl);
    if (local.matches()) {
      return "jdbc:postgresql:" + database + (local.group(1) == null ? "" : local.group(1));
    }
    throw LogtoException.usage("Cannot tell the database part of " + jdbcUrl + ". Pass --scratch-url as "
        + DatabaseUrl.FORMS + ".");
  }

  private Connection admin() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(base.credentials());
    properties.setProperty("ApplicationName", Database.APPLICATION_NAME + " check");
    properties.putIfAbsent("connectTimeout", "30");
    try {
      return DriverManager.getConnection(base.jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot connect to " + description + ": "
          + SqlErrors.oneLine(e) + ". Check the URL, that the server is up, and the credentials.", e);
    }
  }

  /** Drops the scratch databases, stops a throwaway server and deletes its directory. */
  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException ignored) {
      // the JVM is shutting down and runs the hook itself
    }
  }

  private void cleanUp() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<String> names;
    synchronized (created) {
      names = List.copyOf(created);
    }
    if (!names.isEmpty() && temporaryDirectory.isEmpty()) {
      dropAll(names);
    }
    embedded.ifPresent(EmbeddedServer::close);
    temporaryDirectory.ifPresent(ScratchServer::deleteTree);
  }

  private void dropAll(List<String> names) {
    try (Connection connection = admin(); Statement st = connection.createStatement()) {
      for (String name : names) {
        try {
          st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
          st.execute("drop database if exists " + name);
        }
      }
    } catch (SQLException | LogtoException e) {
      warnings.accept("Could not drop the scratch databases " + String.join(", ", names) + " on "
          + description + ": " + e.getMessage() + ". Drop them by hand.");
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: it is in the temporary directory
    }
  }
}
