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

  /**
   * The statement that appends the row of an alteration run in the current transaction, as SQL
   * text with its values inlined, for a caller that sends it together with the alteration's own
   * statements in one round trip. The server fills in the times: {@code started_at} is the
   * transaction's start and {@code duration_ms} runs until this statement.
   */
  String recordRunStatement(String script, String version, java.math.BigDecimal timestamp, String direction,
      String checksum, String toolVersion);
}
