package io.logto.db.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The journal of every up and down the tool ran, written in the same transaction as the script.
 * It adds what the state row cannot say (skipped and edited scripts); the state row stays the
 * source of truth for what is deployed.
 */
public interface Journal {
  boolean exists(Connection connection) throws SQLException;

  void ensureTable(Connection connection) throws SQLException;

  /** All rows, oldest first; empty when the table does not exist. */
  List<JournalEntry> read(Connection connection) throws SQLException;

  /** Appends a row (its id and database user are assigned by the database). */
  void record(Connection connection, JournalEntry entry) throws SQLException;
}
