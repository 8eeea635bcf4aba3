package io.logto.db.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** An open database: a tiny HikariCP pool (and the embedded server behind it, if any). */
public final class Database implements AutoCloseable {
  public static final String APPLICATION_NAME = "logto";

  private final HikariDataSource dataSource;
  private final Optional<EmbeddedServer> embedded;
  private final String description;
  private final DatabaseUrl url;

  private Database(HikariDataSource dataSource, Optional<EmbeddedServer> embedded, DatabaseUrl url) {
    this.dataSource = dataSource;
    this.embedded = embedded;
    this.description = url.redacted();
    this.url = url;
  }

  public DatabaseUrl url() {
    return url;
  }

  /** Opens a pool on {@code url}; fails with a one-line, password-free message when it cannot connect. */
  public static Database open(DatabaseUrl url) {
    // Long: one HikariConfig, each setting next to the reason for it; split, the reasons would lose their settings
    if (url.embeddedDirectory().isEmpty() && org.postgresql.Driver.parseURL(url.jdbcUrl(), null) == null) {
      // HikariCP would fail with an unexplained RuntimeException ("claims to not accept jdbcUrl")
      // the URL is followed by a space: masking a password= parameter takes everything up to one
      throw LogtoException.usage("Invalid database URL " + url.redacted() + " (the PostgreSQL driver cannot read"
          + " it). Check the host, the port (1 to 65535) and the parameters; expected " + DatabaseUrl.FORMS + ".");
    }
    Optional<EmbeddedServer> embedded = url.embeddedDirectory().map(EmbeddedServer::start);
    String jdbcUrl = embedded.map(EmbeddedServer::jdbcUrl).orElse(url.jdbcUrl());
    HikariConfig config = new HikariConfig();
    config.setPoolName("logto");
    config.setJdbcUrl(jdbcUrl);
    // named, so HikariCP takes the registered driver instead of asking DriverManager.getDriver,
    // which builds a log line by invokedynamic string concatenation on every call (several
    // milliseconds of method-handle spinning in a fresh JVM, on the way to the first connection)
    config.setDriverClassName(org.postgresql.Driver.class.getName());
    config.setDataSourceProperties(url.credentials());
    if (embedded.isPresent()) {
      config.setUsername("postgres");
    }
    config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    // application_name and extra_float_digits in the start-up packet (the driver otherwise sets
    // them with a SET after connecting, one more round trip), so they are the session's defaults:
    // the RESET ALL after each alteration (run.SessionReset) keeps them
    config.addDataSourceProperty("assumeMinServerVersion", "9.4");
    // named server-side prepared statements break behind PgBouncer in transaction mode
    config.addDataSourceProperty("prepareThreshold", "0");
    // the simple query protocol: a multi-statement string (an alteration with its bookkeeping) is
    // one message the server parses once, not a Parse/Bind/Execute per statement (measured: about
    // 5% off a deploy of 1000 alterations); parameters are inlined by the driver
    config.addDataSourceProperty("preferQueryMode", "simple");
    // TCP keepalive probes, so a peer that vanished (a dead host, a cut network) ends the wait with
    // an error instead of keeping the tool alive; how soon is the operating system's setting
    // (net.ipv4.tcp_keepalive_time). A signal's bound on exiting is in cli.Interrupts.
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.setMaximumPoolSize(2);
    // HikariCP connects once while it starts (so a wrong URL or password fails here, at once) and
    // keeps that connection only when the minimum idle count is above zero; with zero it closes it
    // and the first getConnection opens a second one (another handshake and authentication, on the
    // connection-adder thread, while the command waits). One idle connection while starting keeps
    // the first; zero afterwards, so the pool never opens connections nobody asked for.
    config.setMinimumIdle(1);
    config.setConnectionTimeout(30_000);
    config.setInitializationFailTimeout(1);
    try {
      HikariDataSource dataSource = new HikariDataSource(config);
      dataSource.setMinimumIdle(0);
      return new Database(dataSource, embedded, url);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      embedded.ifPresent(EmbeddedServer::close);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new LogtoException(ErrorCode.DATABASE, "Cannot connect to " + url.redacted() + ": "
          + SqlErrors.oneLine(cause) + ". Check the URL, that the server is up, and the credentials.", e);
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String description() {
    return description;
  }

  /** Checks a connection can be had, so connection errors surface before any work. */
  public void ping() {
    try (var connection = dataSource.getConnection()) {
      connection.isValid(5);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot connect to " + description + ": "
          + SqlErrors.oneLine(e) + ". Check the URL, that the server is up, and the credentials.", e);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    dataSource.close();
    embedded.ifPresent(EmbeddedServer::close);
  }
}
