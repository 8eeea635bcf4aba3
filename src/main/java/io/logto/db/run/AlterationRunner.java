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
import io.logto.db.jdbc.ServerChecks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
  private final ConnectionCheck poolerCheck;
  private volatile Statement running;
  private volatile boolean cancelled;
  private volatile List<String> lastBlockers = List.of();
  private ScheduledExecutorService watcher;

  /** Tells why a connection is not direct (a pooler or proxy is in between), or empty. */
  @FunctionalInterface
  public interface ConnectionCheck {
    Optional<String> reason(Connection connection) throws SQLException;
  }

  public AlterationRunner(DataSource dataSource, StateStore store, RunSettings settings, RunListener listener) {
    this(dataSource, store, settings, listener, c -> Optional.empty());
  }

  public AlterationRunner(DataSource dataSource, StateStore store, RunSettings settings, RunListener listener,
      ConnectionCheck poolerCheck) {
    this.dataSource = dataSource;
    this.store = store;
    this.settings = settings;
    this.listener = listener;
    this.poolerCheck = poolerCheck;
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
        throw FailureReport.of(failure, done, cancelled, lastBlockers, invalidIndexesAfter(failure));
      } catch (SQLException e) {
        throw databaseError(e, done);
      } finally {
        stopWatcher();
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
        Optional<String> pooler = poolerCheck.reason(connection);
        if (pooler.isPresent()) {
          Alteration alteration = outcome.alteration().get();
          throw LogtoException.usage("Alteration " + alteration.fileName() + " has a '-- alteration:before-"
              + direction.word() + "' section, which runs outside a transaction under a session lock and needs a"
              + " direct connection, but " + pooler.get() + ". Run it with --db-url pointing at the server itself;"
              + " nothing was changed.");
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
            SqlErrors.oneLine(failure.sqlException())
                + (lastBlockers.isEmpty() ? "" : "; blocked by " + String.join("; ", lastBlockers)));
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
      int pid = setTimeouts(c);
      if (direction == Direction.UP) {
        store.ensureTable(c);
      }
      Section section = alteration.section(direction).orElseThrow(() -> new LogtoException(ErrorCode.USAGE,
          "Alteration " + alteration.fileName() + " has no '-- alteration:down' section; nothing was reverted."));
      lastBlockers = List.of();
      watchBlockers(pid);
      try {
        runStatements(c, alteration, direction, section, true);
      } finally {
        pauseWatcher();
      }
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

  /** Sets the transaction's timeouts; returns the server process id of the connection. */
  private int setTimeouts(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select pg_backend_pid(),"
        + " set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)")) {
      ps.setString(1, settings.lockTimeout().toMillis() + "ms");
      ps.setString(2, settings.statementTimeout().toMillis() + "ms");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private java.util.concurrent.ScheduledFuture<?> watch;

  /** While a statement waits on a lock, records who blocks it (for the retry and failure messages). */
  private synchronized void watchBlockers(int pid) {
    if (watcher == null) {
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logto-blocker-watch");
        t.setDaemon(true);
        return t;
      });
    }
    watch = watcher.scheduleWithFixedDelay(() -> {
      if (running == null) {
        return;
      }
      try (Connection c = dataSource.getConnection()) {
        List<String> blockers = ServerChecks.blockers(c, pid);
        if (!blockers.isEmpty()) {
          lastBlockers = blockers;
        }
      } catch (SQLException | RuntimeException ignored) {
        // best effort: the message then names no blocker
      }
    }, 100, 250, TimeUnit.MILLISECONDS);
  }

  private synchronized void pauseWatcher() {
    if (watch != null) {
      watch.cancel(false);
      watch = null;
    }
  }

  private synchronized void stopWatcher() {
    pauseWatcher();
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  private List<String> invalidIndexesAfter(StatementFailure failure) {
    if (failure.transactional || !failure.statement.sql().toLowerCase(java.util.Locale.ROOT).matches(
        "(?s)\\s*create\\s+(unique\\s+)?index\\s+concurrently.*")) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection()) {
      return ServerChecks.invalidIndexes(c);
    } catch (SQLException e) {
      return List.of();
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
