package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import java.time.Duration;

/** Progress events of a run, for the console, JSON or a library caller. */
public interface RunListener {
  default void started(Alteration alteration, Direction direction) {}

  default void succeeded(Alteration alteration, Direction direction, Duration duration) {}

  /** Another deployer applied (or reverted) it while this one waited. */
  default void alreadyDone(Alteration alteration, Direction direction) {}

  default void waitingForLock(String holder) {}

  /** An INVALID index of {@code name}, left by an earlier failed or killed build, was dropped to be built again. */
  default void droppedInvalidIndex(Alteration alteration, Direction direction, String name) {}

  default void retrying(Alteration alteration, int attempt, int retries, Duration delay, String reason) {}

  default void statementExecuted(String sql, Duration duration) {}

  /** True when the listener wants each statement separately (verbose logging): no batching then. */
  default boolean wantsStatements() {
    return false;
  }

  /** The run ended, successfully or not. */
  default void finished() {}

  RunListener NONE = new RunListener() {};
}
