package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.Checks;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.script.Checksums;
import io.logto.db.state.Journal;
import io.logto.db.state.JournalEntry;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Runs a plan, one alteration per step: each step tries the {@link FastPath} (one round trip when
 * the run knows the state), else a {@link LockedTransaction} (and its {@code before-*} section
 * first, when the alteration has one). Every step chooses from the state read under the lock and
 * stops the run when that state moved against it ({@link Position}). A lock timeout is retried
 * with backoff; a failure becomes a {@link LogtoException} that says what this run applied.
 */
public final class AlterationRunner {
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final RunContext context;
  private final ConnectionCheck poolerCheck;
  private final FastPath fastPath;
  private final LockedTransaction transaction;
  private volatile boolean stateTableExists;

  /** Tells why a connection is not direct (a pooler or proxy is in between), or empty. */
  @FunctionalInterface
  public interface ConnectionCheck {
    Optional<String> reason(Connection connection) throws SQLException;
  }

  public AlterationRunner(DataSource dataSource, StateStore store, Journal journal, RunSettings settings,
      RunListener listener, ConnectionCheck poolerCheck, String toolVersion) {
    Cancellation cancellation = new Cancellation();
    BlockerWatcher watcher = new BlockerWatcher(dataSource, cancellation,
        !settings.lockTimeout().isZero() || settings.retries() > 0);
    AdvisoryLock lock = new AdvisoryLock(settings.lockWait(), listener, cancellation::cancelled);
    this.context = new RunContext(dataSource, store, journal, settings, listener, lock, toolVersion, cancellation,
        watcher, new SectionRunner(listener, cancellation));
    this.poolerCheck = poolerCheck;
    this.fastPath = new FastPath(context);
    this.transaction = new LockedTransaction(context);
  }

  /**
   * Creates the state table and the journal when missing; a database whose state predates the
   * journal is baselined: every alteration at or below the state is marked applied, without checksum.
   */
  public void prepare(List<Alteration> alterations, boolean createStateTable) {
    try (Connection connection = context.dataSource().getConnection()) {
      Transactions.inTransaction(connection, c -> {
        context.lock().lockTransaction(c);
        if (createStateTable) {
          context.store().ensureTable(c);
        }
        stateTableExists = context.store().tableExists(c);
        if (!context.journal().exists(c)) {
          context.journal().ensureTable(c);
          baseline(c, Planner.applied(alterations, context.store().read(c).timestamp()));
        }
        return null;
      });
    } catch (SQLException e) {
      throw databaseError(e, List.of());
    }
  }

  private void baseline(Connection c, List<Alteration> applied) throws SQLException {
    Instant now = Instant.now();
    for (Alteration alteration : applied) {
      context.journal().record(c, new JournalEntry(0, alteration.fileName(), alteration.version().toString(),
          alteration.timestamp(), JournalEntry.BASELINE, Optional.empty(), now, 0, "", context.toolVersion()));
    }
  }

  /** Deploys the plan; returns the alterations this run applied. */
  public List<Alteration> deploy(DeployPlan plan) {
    refuseThroughPoolerUpFront(plan.alterations(), Direction.UP);
    return run(Direction.UP, plan.from(), (c, state) -> Planner.nextToDeploy(plan, state), Alteration::timestamp, true);
  }

  /**
   * Applies skipped alterations (below the state, never applied by the journal) without moving the
   * state; returns those this run applied.
   */
  public List<Alteration> applySkipped(List<Alteration> skipped, BigDecimal from) {
    return run(Direction.UP, from, (c, state) -> {
      Checks.Report report = Checks.evaluate(skipped, state, context.journal().read(c), true,
          a -> Checksums.of(a, Direction.UP));
      return report.skipped().stream().findFirst();
    }, alteration -> null, false);
  }

  /** Reverts the plan; returns the alterations this run reverted. */
  public List<Alteration> rollback(RollbackPlan plan) {
    refuseThroughPoolerUpFront(plan.alterations(), Direction.DOWN);
    return run(Direction.DOWN, plan.from(), (c, state) -> Planner.nextToRevert(plan, state), plan::stateAfter, true);
  }

  /**
   * Asks the running statement to stop (Ctrl-C, SIGTERM): the server cancels it, the transaction
   * rolls back and the run ends with a {@link ErrorCode#CANCELLED} error.
   */
  public void cancel() {
    context.cancellation().cancel();
  }

  /** The next alteration at a state, from the plan (reads the connection only for skipped ones). */
  @FunctionalInterface
  private interface Selector {
    Optional<Alteration> next(Connection connection, BigDecimal state) throws SQLException;
  }

  private List<Alteration> run(Direction direction, BigDecimal from, Selector plan,
      Function<Alteration, BigDecimal> stateAfter, boolean oneRoundTrip) {
    List<Alteration> done = new ArrayList<>();
    Position position = new Position(direction, from);
    Choice choice = new Choice() {
      @Override
      public Optional<Alteration> next(Connection connection, BigDecimal state) throws SQLException {
        position.observe(state, done.size()); // the guard: every choice is made from the state just read
        return plan.next(connection, state);
      }

      @Override
      public BigDecimal stateAfter(Alteration alteration) {
        return stateAfter.apply(alteration);
      }

      @Override
      public boolean oneRoundTrip() {
        return oneRoundTrip;
      }
    };
    try {
      while (true) {
        checkCancelled(done);
        Optional<Alteration> ran = step(direction, choice, position, done);
        if (ran.isEmpty()) {
          return List.copyOf(done);
        }
        done.add(ran.get());
      }
    } catch (StatementFailure failure) {
      throw FailureReport.of(failure, done, context.cancellation().cancelled(), context.watcher().last(),
          invalidIndexesAfter(failure));
    } catch (SQLException e) {
      throw databaseError(e, done);
    } finally {
      context.watcher().stop();
      context.listener().finished();
    }
  }

  /**
   * One alteration, retried after a lock timeout. The first attempt may take the one-round-trip
   * path; a failure there, or a section the server refused as a whole, runs the alteration again
   * statement by statement ({@code locate}) so the failure names its statement.
   */
  private Optional<Alteration> step(Direction direction, Choice choice, Position position, List<Alteration> done)
      throws SQLException {
    boolean locate = false;
    for (int attempt = 0; ; attempt++) {
      try (Connection connection = context.dataSource().getConnection()) {
        if (attempt == 0 && !locate) {
          FastPath.Result fast = fastPath.attempt(connection, direction, choice, position);
          if (fast instanceof FastPath.Ran ran) {
            return Optional.of(ran.alteration());
          }
          locate = fast instanceof FastPath.Fallback fallback && fallback.locate();
        }
        LockedTransaction.Outcome outcome = transaction.run(connection, direction, choice, position, false, locate,
            stateTableExists);
        if (outcome instanceof LockedTransaction.Ran ran) {
          return Optional.of(ran.alteration());
        } else if (outcome instanceof LockedTransaction.NeedsBefore needs) {
          refuseThroughPooler(connection, needs.alteration(), direction);
          return transaction.runBefore(connection, direction, choice, position, stateTableExists);
        }
        return Optional.empty();
      } catch (SectionRunner.Relocate relocate) {
        if (locate) {
          throw new IllegalStateException("a section run statement by statement asked to be located", relocate);
        }
        locate = true;
        attempt--; // not a retry: the same attempt, located
      } catch (StatementFailure failure) {
        if (!failure.sqlState().equals(LOCK_NOT_AVAILABLE) || attempt >= context.settings().retries()
            || context.cancellation().cancelled()) {
          throw failure;
        }
        retryAfter(failure, attempt, done);
      }
    }
  }

  private void retryAfter(StatementFailure failure, int attempt, List<Alteration> done) {
    Duration delay = backoff(attempt);
    List<String> blockers = context.watcher().last();
    context.listener().retrying(failure.alteration, attempt + 1, context.settings().retries(), delay,
        SqlErrors.oneLine(failure.sqlException()) + (blockers.isEmpty() ? "" : "; blocked by " + String.join("; ", blockers)));
    sleep(delay, done);
  }

  /** Before anything runs: a plan with before-* sections needs a direct connection. */
  private void refuseThroughPoolerUpFront(List<Alteration> plan, Direction direction) {
    Optional<Alteration> needsSession = plan.stream().filter(a -> a.beforeSection(direction).isPresent()).findFirst();
    if (needsSession.isEmpty()) {
      return;
    }
    try (Connection connection = context.dataSource().getConnection()) {
      refuseThroughPooler(connection, needsSession.get(), direction);
    } catch (SQLException e) {
      throw databaseError(e, List.of());
    }
  }

  private void refuseThroughPooler(Connection connection, Alteration alteration, Direction direction)
      throws SQLException {
    Optional<String> pooler = poolerCheck.reason(connection);
    if (pooler.isPresent()) {
      throw LogtoException.usage("Alteration " + alteration.fileName() + " has a '-- alteration:before-"
          + direction.word() + "' section, which runs outside a transaction under a session lock and needs a"
          + " direct connection, but " + pooler.get() + ". Run it with --db-url pointing at the server itself;"
          + " nothing was changed.");
    }
  }

  private List<String> invalidIndexesAfter(StatementFailure failure) {
    if (failure.transactional || !failure.statement.sql().toLowerCase(Locale.ROOT)
        .matches("(?s)\\s*create\\s+(unique\\s+)?index\\s+concurrently.*")) {
      return List.of();
    }
    try (Connection c = context.dataSource().getConnection()) {
      return ServerChecks.invalidIndexes(c);
    } catch (SQLException e) {
      return List.of();
    }
  }

  private static Duration backoff(int attempt) {
    long base = Math.min(30_000, 500L << Math.min(attempt, 6));
    long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(base / 2 + jitter);
  }

  private void sleep(Duration delay, List<Alteration> done) {
    try {
      long end = System.nanoTime() + delay.toNanos();
      while (!context.cancellation().cancelled() && System.nanoTime() < end) {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      }
      checkCancelled(done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      context.cancellation().cancel();
      checkCancelled(done);
    }
  }

  private void checkCancelled(List<Alteration> done) {
    if (context.cancellation().cancelled()) {
      throw new LogtoException(ErrorCode.CANCELLED, "Cancelled before the next alteration; "
          + done.size() + " alteration" + (done.size() == 1 ? " was" : "s were") + " applied by this run"
          + " and stay applied. Run the same command again to continue.");
    }
  }

  private LogtoException databaseError(SQLException e, List<Alteration> done) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String prefix = FailureReport.isConnectionLoss(state)
        ? "Lost the connection to the database: " : "The database refused the operation: ";
    String hint = state.equals("42501") ? " Grant the user the privilege (or run as the schema owner)." : "";
    return new LogtoException(ErrorCode.DATABASE, prefix + SqlErrors.oneLine(e) + "." + hint + " "
        + done.size() + " alteration" + (done.size() == 1 ? " was" : "s were") + " committed by this run"
        + " before; nothing else changed. Run the same command again once this is fixed.", List.of(), e);
  }
}
