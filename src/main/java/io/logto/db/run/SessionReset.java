package io.logto.db.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Undoes what a script may have changed in its session ({@code set search_path}, {@code set role},
 * {@code set session authorization}, {@code set default_transaction_read_only} and every other
 * setting), so each alteration starts from the session the tool opened, as if it ran alone, and no
 * setting reaches the next alteration, the journal row or, through a pooler or the caller's
 * {@code DataSource}, another client. Settings return to the connection's own defaults (those of
 * the URL, the role and the database), not to the server's.
 *
 * <p>In a transaction the reset is sent with the bookkeeping (the state move and the journal row),
 * so it costs no round trip and is undone with the rest if the transaction fails; the journal then
 * records the user that ran the tool. After a {@code before-*} section, which runs outside a
 * transaction, it is a statement of its own.
 */
final class SessionReset {
  /** {@code RESET ALL} leaves the role and the session authorization alone: they are reset first. */
  static final String SQL = "reset session authorization;reset role;reset all;";

  private SessionReset() {}

  static void run(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(SQL);
    }
  }
}
