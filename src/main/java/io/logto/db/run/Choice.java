package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** What a run does at each step, chosen under the lock from the state just read. */
interface Choice {
  /** The next alteration to run at {@code state}, if any (passes the run's {@link Position} guard first). */
  Optional<Alteration> next(Connection connection, BigDecimal state) throws SQLException;

  /** The state to record once {@code alteration} ran (null: leave the state as it is). */
  BigDecimal stateAfter(Alteration alteration);

  /** False when {@link #next} reads from the connection, which the one-round-trip path cannot give it. */
  default boolean oneRoundTrip() {
    return true;
  }
}
