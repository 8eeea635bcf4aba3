package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.alteration.Section;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Runs a plan. Each alteration runs in its own transaction that takes the advisory lock, re-reads
 * the state under it (another deployer may have moved it), runs the section statement by
 * statement, and moves the state row, so a failure changes nothing and a re-run continues.
 */
public final class AlterationRunner {
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final DataSource dataSource;
  private final StateStore store;
  private final RunSettings settings;
  private final RunListener listener;
  private final AdvisoryLock lock;
  private volatile Statement running;
  private volatile boolean cancelled;

  public AlterationRunner(DataSource dataSource, StateStore store, RunSettings settings, RunListener listener) {
    this.dataSource = dataSource;
    this.store = store;
    this.settings = settings;
    this.listener = listener;
    this.lock = new AdvisoryLock(settings.lockWait(), listener);
  }

  /** Deploys the plan; returns the alterations this run applied. */
  public List<Alteration> deploy(DeployPlan plan) {
    return run(Direction.UP, state -> Planner.nextToDeploy(plan, state), Alteration::timestamp);
  }

  /** Reverts the plan; returns the alterations this run reverted. */
  public List<Alteration> rollback(RollbackPlan plan) {
    return run(Direction.DOWN, state -> Planner.nextToRevert(plan, state), plan::stateAfter);
  }

  /**
   * Asks the running statement to stop (Ctrl-C, SIGTERM): the server cancels it, the transaction
   * rolls back and the run ends with a {@link ErrorCode#CANCELLED} error.
   */
  public void cancel() {
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

  private List<Alteration> run(Direction direction, Function<BigDecimal, Optional<Alteration>> next,
      Function<Alteration, BigDecimal> stateAfter) {
    List<Alteration> done = new ArrayList<>();
    while (true) {
      checkCancelled(done);
      Optional<Alteration> ran;
      try {
        ran = step(direction, next, stateAfter, done);
      } catch (StatementFailure failure) {
        throw FailureReport.of(failure, done, cancelled);
      } catch (SQLException e) {
        throw databaseError(e, done);
      }
      if (ran.isEmpty()) {
        return List.copyOf(done);
      }
      done.add(ran.get());
    }
  }

  private Optional<Alteration> step(Direction direction, Function<BigDecimal, Optional<Alteration>> next,
      Function<Alteration, BigDecimal> stateAfter, List<Alteration> done) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        Outcome outcome = transaction(connection, direction, next, stateAfter, false);
        if (!outcome.needsBefore()) {
          return outcome.alteration();
        }
        return withSessionLock(connection, () -> {
          Optional<Alteration> target = next.apply(store.read(connection).timestamp());
          if (target.isEmpty()) {
            return target;
          }
          listener.started(target.get(), direction);
          runStatements(connection, target.get(), direction, target.get().beforeSection(direction).get(), false);
          return transaction(connection, direction, next, stateAfter, true).alteration();
        });
      } catch (StatementFailure failure) {
        if (!failure.sqlState().equals(LOCK_NOT_AVAILABLE) || attempt >= settings.retries() || cancelled) {
          throw failure;
        }
        Duration delay = backoff(attempt);
        listener.retrying(failure.alteration, attempt + 1, settings.retries(), delay,
            SqlErrors.oneLine(failure.sqlException()));
        sleep(delay, done);
      }
    }
  }

  /** What one transaction did: applied an alteration, found none, or found one whose before section must run first. */
  private record Outcome(Optional<Alteration> alteration, boolean needsBefore) {}

  private Outcome transaction(Connection connection, Direction direction,
      Function<BigDecimal, Optional<Alteration>> next, Function<Alteration, BigDecimal> stateAfter,
      boolean beforeDone) throws SQLException {
    long start = System.nanoTime();
    Outcome outcome = Transactions.inTransaction(connection, c -> {
      lock.lockTransaction(c);
      Optional<Alteration> target = next.apply(store.read(c).timestamp());
      if (target.isEmpty()) {
        return new Outcome(target, false);
      }
      Alteration alteration = target.get();
      if (!beforeDone && alteration.beforeSection(direction).isPresent()) {
        return new Outcome(target, true);
      }
      if (!beforeDone) {
        listener.started(alteration, direction);
      }
      setTimeouts(c);
      if (direction == Direction.UP) {
        store.ensureTable(c);
      }
      Section section = alteration.section(direction).orElseThrow(() -> new LogtoException(ErrorCode.USAGE,
          "Alteration " + alteration.fileName() + " has no '-- alteration:down' section; nothing was reverted."));
      runStatements(c, alteration, direction, section, true);
      store.write(c, stateAfter.apply(alteration));
      return new Outcome(target, false);
    });
    if (!outcome.needsBefore()) {
      outcome.alteration().ifPresent(a -> listener.succeeded(a, direction, Duration.ofNanos(System.nanoTime() - start)));
    }
    return outcome;
  }

  private <T> T withSessionLock(Connection connection, SqlWork<T> work) throws SQLException {
    lock.lockSession(connection);
    try {
      return work.run();
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

  private void setTimeouts(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "select set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)")) {
      ps.setString(1, settings.lockTimeout().toMillis() + "ms");
      ps.setString(2, settings.statementTimeout().toMillis() + "ms");
      ps.execute();
    }
  }

  private void runStatements(Connection connection, Alteration alteration, Direction direction, Section section,
      boolean transactional) {
    for (SqlStatement statement : SqlSplitter.split(section.sql())) {
      if (cancelled) {
        throw new StatementFailure(alteration, direction, section, statement, transactional,
            new SQLException("canceling statement due to user request", "57014"));
      }
      long start = System.nanoTime();
      try (Statement st = connection.createStatement()) {
        running = st;
        st.execute(statement.sql());
      } catch (SQLException e) {
        throw new StatementFailure(alteration, direction, section, statement, transactional, e);
      } finally {
        running = null;
      }
      listener.statementExecuted(statement.sql(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Duration backoff(int attempt) {
    long base = Math.min(30_000, 500L << Math.min(attempt, 6));
    long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(base / 2 + jitter);
  }

  private void sleep(Duration delay, List<Alteration> done) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
      checkCancelled(done);
    }
  }

  private void checkCancelled(List<Alteration> done) {
    if (cancelled) {
      throw new LogtoException(ErrorCode.CANCELLED, "Cancelled before the next alteration; "
          + done.size() + " alteration" + (done.size() == 1 ? " was" : "s were") + " applied by this run"
          + " and stay applied. Run the same command again to continue.");
    }
  }

  private LogtoException databaseError(SQLException e, List<Alteration> done) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String prefix = state.startsWith("08") || state.equals("57P01")
        ? "Lost the connection to the database: " : "The database refused the operation: ";
    return new LogtoException(ErrorCode.DATABASE, prefix + SqlErrors.oneLine(e) + ". "
        + done.size() + " alteration" + (done.size() == 1 ? "" : "s") + " of this run were committed"
        + " before; nothing else changed. Run the same command again once the database is reachable.",
        List.of(), e);
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }
}
