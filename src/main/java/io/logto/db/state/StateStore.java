package io.logto.db.state;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/** Reads and writes the alteration state on a connection the caller owns (and its transaction). */
public interface StateStore {
  /** The table holding the state, as SQL names it (perhaps schema-qualified). */
  String table();

  /** The state; {@link AlterationState#NONE} when the table or the row is missing. */
  AlterationState read(Connection connection) throws SQLException;

  /** The state, when the caller knows the table exists (saves a round trip). */
  default AlterationState readExistingTable(Connection connection) throws SQLException {
    return read(connection);
  }

  /** True when the state table exists. */
  boolean tableExists(Connection connection) throws SQLException;

  /** Creates the state table when it is missing. */
  void ensureTable(Connection connection) throws SQLException;

  /** Records {@code timestamp} as the state, in the caller's transaction. */
  void write(Connection connection, BigDecimal timestamp) throws SQLException;

  /**
   * The query that reads the state when the table exists, as SQL text without parameters, for a
   * caller that sends it together with other statements in one round trip; its result goes to
   * {@link #fromResult}.
   */
  String readQuery();

  /**
   * A scalar subquery (SQL text) giving the state's timestamp as a number, null when the row is
   * missing, for a caller that checks the state inside a statement of its own.
   */
  String timestampQuery();

  /** The state from the result of {@link #readQuery()}. */
  AlterationState fromResult(java.sql.ResultSet result) throws SQLException;

  /**
   * The statement that records {@code timestamp} as the state, as SQL text with its values
   * inlined, for a caller that sends it together with other statements in one round trip.
   */
  String writeStatement(BigDecimal timestamp);
}
