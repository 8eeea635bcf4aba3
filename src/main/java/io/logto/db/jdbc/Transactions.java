package io.logto.db.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one transaction helper: runs work in a transaction on a connection, commits on success,
 * rolls back on any failure (a rollback failure is attached to the original error, never hides
 * it), and restores the connection's auto-commit mode.
 */
public final class Transactions {
  private Transactions() {}

  /** Work inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      restore(connection, autoCommit);
    }
  }

  /**
   * Read-only work: runs in a read-only transaction that is always rolled back. It is repeatable
   * read, so every statement sees one snapshot: the state row and the journal read by two
   * statements agree even while another deployer commits between them (in read committed, a
   * rollback committed between the two reads looked like a script skipped below the state).
   */
  public static <T> T readOnly(Connection connection, Work<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (var st = connection.createStatement()) {
      st.execute("set transaction isolation level repeatable read, read only");
      return work.run(connection);
    } finally {
      rollbackQuietly(connection, null);
      restore(connection, autoCommit);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable original) {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException rollbackFailure) {
      if (original != null) {
        original.addSuppressed(rollbackFailure);
      }
    }
  }

  private static void restore(Connection connection, boolean autoCommit) {
    try {
      if (!connection.isClosed()) {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it
    }
  }
}
