package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.script.Checksums;
import io.logto.db.state.Journal;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import javax.sql.DataSource;

/** What the parts of a run share: where the state lives, the settings, the lock, the listener. */
record RunContext(DataSource dataSource, StateStore store, Journal journal, RunSettings settings, RunListener listener,
    AdvisoryLock lock, String toolVersion, Cancellation cancellation, BlockerWatcher watcher, SectionRunner sections) {

  /**
   * The statements that end a transactional alteration: the session reset (a script's settings end
   * with it), the state move ({@code newState} null: none) and the journal row.
   */
  String bookkeeping(Alteration alteration, Direction direction, BigDecimal newState) {
    return SessionReset.SQL + (newState == null ? "" : store.writeStatement(newState) + ";")
        + journal.recordRunStatement(alteration.fileName(), alteration.version().toString(), alteration.timestamp(),
            direction.word(), Checksums.of(alteration, direction), toolVersion);
  }
}
