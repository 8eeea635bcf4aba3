package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Section;
import io.logto.db.jdbc.Transactions;
import io.logto.db.state.AlterationState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One step of a run the regular way: a read-committed transaction that takes the advisory lock
 * (waiting for it), reads the state in the same round trip, passes the run's guard, chooses the
 * next alteration at that state, runs its section and the bookkeeping, and commits. An alteration
 * with a {@code before-*} section first runs that section outside a transaction under the session
 * lock ({@link #runBefore}), then this transaction.
 */
final class LockedTransaction {
  /** What the transaction came to. */
  sealed interface Outcome permits Ran, NothingLeft, NeedsBefore {}

  /** The alteration ran and committed. */
  record Ran(Alteration alteration) implements Outcome {}

  /** No alteration is left to run at the state read under the lock. */
  record NothingLeft() implements Outcome {}

  /** The next alteration has a {@code before-*} section: nothing ran, the caller runs it with {@link #runBefore}. */
  record NeedsBefore(Alteration alteration) implements Outcome {}

  private final RunContext context;

  LockedTransaction(RunContext context) {
    this.context = context;
  }

  /**
   * {@code beforeDone}: the before section just ran (under the session lock, which this connection
   * holds); {@code locate}: run the statements one by one; {@code stateTableExists}: read the state
   * with the lock, in one round trip.
   */
  Outcome run(Connection connection, Direction direction, Choice choice, Position position, boolean beforeDone,
      boolean locate, boolean stateTableExists) throws SQLException {
    long start = System.nanoTime();
    Outcome outcome = Transactions.inTransaction(connection, c -> {
      Locked locked = lock(c, stateTableExists);
      Optional<Alteration> target = choice.next(c, locked.state().timestamp());
      if (target.isEmpty()) {
        return new NothingLeft();
      }
      Alteration alteration = target.get();
      if (!beforeDone && alteration.beforeSection(direction).isPresent()) {
        return new NeedsBefore(alteration);
      }
      if (!beforeDone) {
        context.listener().started(alteration, direction);
      }
      Section section = alteration.section(direction).orElseThrow(() -> LogtoException.usage(
          "Alteration " + alteration.fileName() + " has no '-- alteration:down' section; nothing was reverted."));
      BigDecimal newState = choice.stateAfter(alteration);
      context.watcher().watch(locked.pid());
      try {
        context.sections().run(c, alteration, direction, section, true,
            context.bookkeeping(alteration, direction, newState), locate);
      } finally {
        context.watcher().pause();
      }
      position.moved(newState == null ? locked.state().timestamp() : newState);
      return new Ran(alteration);
    });
    if (outcome instanceof Ran ran) {
      context.listener().succeeded(ran.alteration(), direction, Duration.ofNanos(System.nanoTime() - start));
    }
    return outcome;
  }

  private record Locked(int pid, AlterationState state) {}

  private Locked lock(Connection c, boolean stateTableExists) throws SQLException {
    RunSettings settings = context.settings();
    if (stateTableExists) {
      // the lock and the state read in one round trip
      AdvisoryLock.Locked<AlterationState> locked = context.lock().lockTransaction(c, settings.lockTimeout(),
          settings.statementTimeout(), context.store().readQuery(), context.store()::fromResult);
      return new Locked(locked.pid(), locked.then());
    }
    int pid = context.lock().lockTransaction(c, settings.lockTimeout(), settings.statementTimeout());
    return new Locked(pid, context.store().read(c));
  }

  /**
   * The {@code before-*} section of the next alteration, outside a transaction under the session
   * lock (with the run's timeouts and the dead-client check for the session, reset afterwards),
   * then its transactional section. Returns the alteration that ran, or empty when another
   * deployer ran it meanwhile.
   */
  Optional<Alteration> runBefore(Connection connection, Direction direction, Choice choice, Position position,
      boolean stateTableExists) throws SQLException {
    AdvisoryLock lock = context.lock();
    lock.lockSession(connection);
    try {
      BigDecimal state = (stateTableExists ? context.store().readExistingTable(connection)
          : context.store().read(connection)).timestamp();
      Optional<Alteration> target = choice.next(connection, state);
      if (target.isEmpty()) {
        return target;
      }
      context.listener().started(target.get(), direction);
      beforeSection(connection, target.get(), direction);
      Outcome outcome = run(connection, direction, choice, position, true, false, stateTableExists);
      return outcome instanceof Ran ran ? Optional.of(ran.alteration()) : Optional.empty();
    } finally {
      if (!connection.isClosed()) {
        try {
          lock.unlockSession(connection);
        } catch (SQLException ignored) {
          // a broken session releases its locks when it ends
        }
      }
    }
  }

  private void beforeSection(Connection connection, Alteration alteration, Direction direction) throws SQLException {
    RunSettings settings = context.settings();
    context.watcher().watch(connection.unwrap(org.postgresql.PGConnection.class).getBackendPID());
    try {
      context.lock().sessionTimeouts(connection, settings.lockTimeout(), settings.statementTimeout());
      context.sections().run(connection, alteration, direction, alteration.beforeSection(direction).get(), false,
          null, false);
    } catch (SQLException | RuntimeException e) {
      resetAfterFailure(connection, e);
      throw e;
    } finally {
      context.watcher().pause();
    }
    SessionReset.run(connection);
  }

  /**
   * A failed {@code before-*} section ran outside a transaction, so its settings stay unless reset:
   * the connection may go back to the caller's pool. A reset failure never hides the section's.
   */
  private static void resetAfterFailure(Connection connection, Exception failure) {
    try {
      if (!connection.isClosed()) {
        SessionReset.run(connection);
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
