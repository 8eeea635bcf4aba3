package io.logto.db.run;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Ctrl-C and SIGTERM while a run goes on: the flag every step checks, and the statement running
 * now, which {@link #cancel} asks the server to stop (its transaction then rolls back).
 */
final class Cancellation {
  private volatile boolean cancelled;
  private volatile Statement running;

  boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
    Statement statement = running;
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException ignored) {
        // the statement finished meanwhile; the loop sees the flag
      }
    }
  }

  boolean isRunning() {
    return running != null;
  }

  /** Executes {@code sql} (escape processing off) as the statement a cancel stops. */
  void execute(Statement statement, String sql) throws SQLException {
    running = statement;
    try {
      statement.setEscapeProcessing(false);
      statement.execute(sql);
    } finally {
      running = null;
    }
  }
}
