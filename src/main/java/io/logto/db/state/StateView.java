package io.logto.db.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The state row and the journal, read together (the caller picks the transaction). */
public record StateView(AlterationState state, List<JournalEntry> journal, boolean journalExists) {
  public StateView {
    journal = List.copyOf(journal);
  }

  public static StateView read(Connection connection, StateStore store, Journal journal) throws SQLException {
    AlterationState state = store.read(connection);
    boolean exists = journal.exists(connection);
    return new StateView(state, exists ? journal.read(connection) : List.of(), exists);
  }
}
