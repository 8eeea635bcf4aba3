package io.logto.db.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: the machine's server on 127.0.0.1:5432 when it answers
 * (trust auth, user postgres), otherwise one embedded PostgreSQL 17 started once per test run.
 * Every test gets its own fresh database from {@link #createDatabase()}.
 */
public final class TestPostgres {
  private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static String adminUrl;
  private static String host;
  private static int port;

  private TestPostgres() {}

  private static synchronized void ensureServer() {
    if (adminUrl != null) {
      return;
    }
    if (System.getenv("LOGTO_TEST_EMBEDDED") == null && canConnect(LOCAL)) {
      adminUrl = LOCAL;
      host = "127.0.0.1";
      port = 5432;
      return;
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
      host = "localhost";
      port = embedded.getPort();
      adminUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean canConnect(String url) {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "2");
    try (Connection ignored = DriverManager.getConnection(url, props)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** A connection to the server's postgres database as superuser. */
  public static Connection admin() throws SQLException {
    ensureServer();
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    return DriverManager.getConnection(adminUrl, props);
  }

  /** Creates a new empty database; close the result to drop it. */
  public static TestDatabase createDatabase() {
    ensureServer();
    String name = "logto_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("create database " + name + " template template0");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new TestDatabase(name, host, port);
  }

  static void drop(String name) {
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("drop database if exists " + name + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
