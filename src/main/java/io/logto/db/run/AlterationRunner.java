package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.JavaAlteration;
import io.logto.db.alteration.LogtoException;
import io.logto.db.alteration.Section;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.jdbc.Sql;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.Checks;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.script.Checksums;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import io.logto.db.state.AlterationState;
import io.logto.db.state.Journal;
import io.logto.db.state.JournalEntry;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Runs a plan. Each alteration runs in its own transaction that takes the advisory lock, re-reads
 * the state under it (another deployer may have moved it), runs the section statement by
 * statement, moves the state row and appends to the journal, so a failure changes nothing and a
 * re-run continues.
 */
public final class AlterationRunner {
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final DataSource dataSource;
  private final StateStore store;
  private final Journal journal;
  private final RunSettings settings;
  private final RunListener listener;
  private final AdvisoryLock lock;
  private final ConnectionCheck poolerCheck;
  private final String toolVersion;
  private volatile boolean stateTableExists;
  private volatile Statement running;
  private volatile boolean cancelled;
  private volatile List<String> lastBlockers = List.of();
  private volatile int watchedPid;
  /** The state after this runner's last transaction, when it knows it (the fast path's expectation). */
  private BigDecimal knownState;
  /** After a fast-path failure: run the next alteration statement by statement to locate it. */
  private boolean locate;
  private ScheduledExecutorService watcher;
  private ScheduledFuture<?> watch;

  /** Tells why a connection is not direct (a pooler or proxy is in between), or empty. */
  @FunctionalInterface
  public interface ConnectionCheck {
    Optional<String> reason(Connection connection) throws SQLException;
  }

  /** Chooses the next alteration to run, under the lock, from the current state. */
  @FunctionalInterface
  private interface Selector {
    Optional<Alteration> next(Connection connection, BigDecimal state) throws SQLException;
  }

  /** The state to record once an alteration ran (null: leave the state as it is). */
  @FunctionalInterface
  private interface StateAfter {
    BigDecimal of(Alteration alteration);
  }

  public AlterationRunner(DataSource dataSource, StateStore store, Journal journal, RunSettings settings,
      RunListener listener, ConnectionCheck poolerCheck, String toolVersion) {
    this.dataSource = dataSource;
    this.store = store;
    this.journal = journal;
    this.settings = settings;
    this.listener = listener;
    this.poolerCheck = poolerCheck;
    this.toolVersion = toolVersion;
    this.lock = new AdvisoryLock(settings.lockWait(), listener, () -> cancelled);
  }

  /**
   * Creates the state table and the journal when missing; a database whose state predates the
   * journal is baselined: every alteration at or below the state is marked applied, without checksum.
   */
  public void prepare(List<Alteration> alterations, boolean createStateTable) {
    try (Connection connection = dataSource.getConnection()) {
      Transactions.inTransaction(connection, c -> {
        lock.lockTransaction(c);
        if (createStateTable) {
          store.ensureTable(c);
        }
        stateTableExists = store.tableExists(c);
        if (!journal.exists(c)) {
          journal.ensureTable(c);
          BigDecimal state = store.read(c).timestamp();
          Instant now = Instant.now();
          for (Alteration alteration : Planner.applied(alterations, state)) {
            journal.record(c, new JournalEntry(0, alteration.fileName(), alteration.version().toString(),
                alteration.timestamp(), JournalEntry.BASELINE, Optional.empty(), now, 0, "", toolVersion));
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw databaseError(e, List.of());
    }
  }

  /** Deploys the plan; returns the alterations this run applied. */
  public List<Alteration> deploy(DeployPlan plan) {
    refuseThroughPoolerUpFront(plan.alterations(), Direction.UP);
    return run(Direction.UP, (c, state) -> Planner.nextToDeploy(plan, state), Alteration::timestamp, true);
  }

  /**
   * Applies skipped alterations (below the state, never applied by the journal) without moving the
   * state; returns those this run applied.
   */
  public List<Alteration> applySkipped(List<Alteration> skipped) {
    return run(Direction.UP, (c, state) -> {
      Checks.Report report = Checks.evaluate(skipped, state, journal.read(c), true, a -> Checksums.of(a, Direction.UP));
      return report.skipped().stream().findFirst();
    }, alteration -> null, false);
  }

  /** Reverts the plan; returns the alterations this run reverted. */
  public List<Alteration> rollback(RollbackPlan plan) {
    refuseThroughPoolerUpFront(plan.alterations(), Direction.DOWN);
    return run(Direction.DOWN, (c, state) -> Planner.nextToRevert(plan, state), plan::stateAfter, true);
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

  /** {@code fast}: the selector needs no connection, so the one-round-trip path may be tried. */
  private List<Alteration> run(Direction direction, Selector next, StateAfter stateAfter, boolean fast) {
    List<Alteration> done = new ArrayList<>();
    try {
      while (true) {
        checkCancelled(done);
        Optional<Alteration> ran;
        try {
          ran = step(direction, next, stateAfter, done, fast);
        } catch (StatementFailure failure) {
          throw FailureReport.of(failure, done, cancelled, lastBlockers, invalidIndexesAfter(failure));
        } catch (SQLException e) {
          throw databaseError(e, done);
        }
        if (ran.isEmpty()) {
          return List.copyOf(done);
        }
        done.add(ran.get());
      }
    } finally {
      stopWatcher();
      listener.finished();
    }
  }

  private Optional<Alteration> step(Direction direction, Selector next, StateAfter stateAfter, List<Alteration> done,
      boolean fast) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        if (fast && attempt == 0) {
          Optional<Alteration> ran = fastTransaction(connection, direction, next, stateAfter);
          if (ran != null) {
            return ran;
          }
        }
        Outcome outcome = transaction(connection, direction, next, stateAfter, false);
        if (!outcome.needsBefore()) {
          return outcome.alteration();
        }
        refuseThroughPooler(connection, outcome.alteration().get(), direction);
        return withSessionLock(connection, () -> {
          Optional<Alteration> target = next.next(connection, readState(connection).timestamp());
          if (target.isEmpty()) {
            return target;
          }
          listener.started(target.get(), direction);
          runStatements(connection, target.get(), direction, target.get().beforeSection(direction).get(), false, null);
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

  /** The error the fast path's guard raises on purpose; the text is how it is told apart. */
  private static final String GUARD = "logto-fast-path:";

  /**
   * The whole alteration in one round trip, when this runner knows the state (it moved it in its
   * previous transaction) and the next alteration is a plain SQL section: a guard statement that
   * takes the advisory lock (and sets the timeouts) or fails, a second one that fails unless the
   * state row still holds the known state (a new statement, so in read committed it sees what
   * another deployer committed before we got the lock), the section's statements, the state move,
   * the journal row and COMMIT. Returns null when the fast path does not apply or its guard failed
   * (the lock is busy or the state moved): the caller then takes the regular path, which waits
   * for the lock and re-reads the state. When the section (or the bookkeeping) fails, the
   * transaction is rolled back and the regular path runs the alteration statement by statement, so
   * the failure is located as usual.
   */
  private Optional<Alteration> fastTransaction(Connection connection, Direction direction, Selector next,
      StateAfter stateAfter) throws SQLException {
    BigDecimal expected = knownState;
    if (expected == null || !stateTableExists || listener.wantsStatements()) {
      return null;
    }
    Optional<Alteration> target = next.next(connection, expected);
    if (target.isEmpty() || target.get().isJava() || target.get().beforeSection(direction).isPresent()
        || target.get().section(direction).isEmpty()) {
      return null;
    }
    Alteration alteration = target.get();
    Section section = alteration.section(direction).get();
    List<SqlStatement> statements = SqlSplitter.split(section.sql());
    if (statements.isEmpty() || !canSendTogether(statements)) {
      return null;
    }
    BigDecimal newState = stateAfter.of(alteration);
    StringBuilder batch = new StringBuilder(AdvisoryLock.READ_COMMITTED).append(lock.guardStatement(connection, settings.lockTimeout(),
        settings.statementTimeout(), "'" + GUARD + " the alteration lock is busy '"));
    batch.append(";select (").append(Sql.literal(GUARD + " the state moved ")).append(" || pg_backend_pid())::int"
        + " where coalesce((").append(store.timestampQuery()).append("), -1) <> ").append(expected.toPlainString());
    for (SqlStatement statement : statements) {
      batch.append("\n;").append(statement.sql());
    }
    batch.append("\n;");
    if (newState != null) {
      batch.append(store.writeStatement(newState)).append(';');
    }
    batch.append(journal.recordRunStatement(alteration.fileName(), alteration.version().toString(),
        alteration.timestamp(), direction.word(), Checksums.of(alteration, direction), toolVersion));
    batch.append(";commit");
    listener.started(alteration, direction);
    lastBlockers = List.of();
    long start = System.nanoTime();
    try {
      Transactions.inTransaction(connection, c -> {
        watchBlockers(c.unwrap(org.postgresql.PGConnection.class).getBackendPID());
        try (Statement st = c.createStatement()) {
          running = st;
          st.setEscapeProcessing(false);
          st.execute(batch.toString());
        } finally {
          running = null;
          pauseWatcher();
        }
        return null;
      });
    } catch (SQLException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if ("22P02".equals(e.getSQLState()) && message.contains(GUARD)) {
        knownState = null;
        return null;
      }
      if (waitedOrLost(e)) {
        throw wholeSectionFailed(alteration, direction, section, e);
      }
      knownState = null;
      locate = true;
      return null;
    }
    knownState = newState == null ? expected : newState;
    listener.statementExecuted(section.sql(), Duration.ofNanos(System.nanoTime() - start));
    listener.succeeded(alteration, direction, Duration.ofNanos(System.nanoTime() - start));
    return target;
  }

  /** Before anything runs: a plan with before-* sections needs a direct connection. */
  private void refuseThroughPoolerUpFront(List<Alteration> plan, Direction direction) {
    Optional<Alteration> needsSession = plan.stream().filter(a -> a.beforeSection(direction).isPresent()).findFirst();
    if (needsSession.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
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

  /** What one transaction did: ran an alteration, found none, or found one whose before section must run first. */
  private record Outcome(Optional<Alteration> alteration, boolean needsBefore) {}

  private Outcome transaction(Connection connection, Direction direction, Selector next, StateAfter stateAfter,
      boolean beforeDone) throws SQLException {
    long start = System.nanoTime();
    Outcome outcome = Transactions.inTransaction(connection, c -> {
      int pid;
      AlterationState state;
      if (stateTableExists) {
        // the lock and the state read in one round trip
        AdvisoryLock.Locked<AlterationState> locked = lock.lockTransaction(c, settings.lockTimeout(),
            settings.statementTimeout(), store.readQuery(), store::fromResult);
        pid = locked.pid();
        state = locked.then();
      } else {
        pid = lock.lockTransaction(c, settings.lockTimeout(), settings.statementTimeout());
        state = store.read(c);
      }
      Optional<Alteration> target = next.next(c, state.timestamp());
      if (target.isEmpty()) {
        knownState = state.timestamp();
        return new Outcome(target, false);
      }
      Alteration alteration = target.get();
      if (!beforeDone && alteration.beforeSection(direction).isPresent()) {
        return new Outcome(target, true);
      }
      if (!beforeDone) {
        listener.started(alteration, direction);
      }
      Section section = alteration.section(direction).orElseThrow(() -> LogtoException.usage(
          "Alteration " + alteration.fileName() + " has no '-- alteration:down' section; nothing was reverted."));
      // the state move and the journal row, sent with the section's statements when they go together
      BigDecimal newState = stateAfter.of(alteration);
      String bookkeeping = (newState == null ? "" : store.writeStatement(newState) + ";")
          + journal.recordRunStatement(alteration.fileName(), alteration.version().toString(),
              alteration.timestamp(), direction.word(), Checksums.of(alteration, direction), toolVersion);
      lastBlockers = List.of();
      watchBlockers(pid);
      try {
        runStatements(c, alteration, direction, section, true, bookkeeping);
      } finally {
        pauseWatcher();
      }
      knownState = newState == null ? state.timestamp() : newState;
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

  /** The state; after {@link #prepare} the table is known to exist, which saves a round trip. */
  private AlterationState readState(Connection connection) throws SQLException {
    return stateTableExists ? store.readExistingTable(connection) : store.read(connection);
  }

  /**
   * Runs a section. A transactional one comes with {@code bookkeeping}, the statements that move
   * the state and append the journal row: they are sent with the section's statements in one round
   * trip when those can go together, otherwise right after them.
   */
  private void runStatements(Connection connection, Alteration alteration, Direction direction, Section section,
      boolean transactional, String bookkeeping) throws SQLException {
    if (alteration.program().isPresent()) {
      runJava(connection, alteration, direction, section, transactional);
      runBookkeeping(connection, bookkeeping);
      return;
    }
    List<SqlStatement> statements = SqlSplitter.split(section.sql());
    boolean locating = locate;
    locate = false;
    if (transactional && !locating && !statements.isEmpty() && !listener.wantsStatements() && canSendTogether(statements)
        && runTogether(connection, alteration, direction, section, statements, bookkeeping)) {
      return;
    }
    for (SqlStatement statement : statements) {
      if (cancelled) {
        throw new StatementFailure(alteration, direction, section, statement, transactional,
            new SQLException("canceling statement due to user request", "57014"));
      }
      long start = System.nanoTime();
      try (Statement st = connection.createStatement()) {
        running = st;
        st.setEscapeProcessing(false);
        st.execute(statement.sql());
      } catch (SQLException e) {
        throw new StatementFailure(alteration, direction, section, statement, transactional, e);
      } finally {
        running = null;
      }
      listener.statementExecuted(statement.sql(), Duration.ofNanos(System.nanoTime() - start));
    }
    runBookkeeping(connection, bookkeeping);
  }

  private static void runBookkeeping(Connection connection, String bookkeeping) throws SQLException {
    if (bookkeeping != null) {
      try (Statement st = connection.createStatement()) {
        st.setEscapeProcessing(false);
        st.execute(bookkeeping);
      }
    }
  }

  /**
   * Sends a transactional section's statements and the bookkeeping in one round trip, behind a
   * savepoint. Returns false when they failed with an error a statement-by-statement re-run can
   * locate: the transaction is then back at the savepoint and the caller re-runs them one by one,
   * which names the failing statement, line and column. A single statement is not run twice: the
   * bookkeeping runs alone instead, and when it succeeds, the statement is the one that failed.
   * Waiting and connection errors are reported at once (a re-run would only wait again).
   */
  private boolean runTogether(Connection connection, Alteration alteration, Direction direction, Section section,
      List<SqlStatement> statements, String bookkeeping) throws SQLException {
    // "\n;" ends a statement that ends in a line comment, and starts the next one without white
    // space: each statement appears in pg_stat_activity exactly as written
    StringBuilder batch = new StringBuilder("savepoint logto_section;");
    for (SqlStatement statement : statements) {
      batch.append(statement.sql()).append("\n;");
    }
    int sectionEnd = batch.length();
    batch.append(bookkeeping);
    long start = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      running = st;
      st.setEscapeProcessing(false);
      st.execute(batch.toString());
    } catch (SQLException e) {
      if (waitedOrLost(e)) {
        throw wholeSectionFailed(alteration, direction, section, e);
      }
      try (Statement st = connection.createStatement()) {
        st.execute("rollback to savepoint logto_section");
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
        throw new StatementFailure(alteration, direction, section, statements.get(0), true, e);
      }
      if (statements.size() == 1) {
        runBookkeeping(connection, bookkeeping); // its own failure is reported as a database error
        throw new StatementFailure(alteration, direction, section, statements.get(0), true, e);
      }
      return false;
    } finally {
      running = null;
    }
    listener.statementExecuted(batch.substring(0, sectionEnd), Duration.ofNanos(System.nanoTime() - start));
    return true;
  }

  /**
   * A lock timeout, a cancellation or a lost connection while a section's statements ran together:
   * reported at once against the whole section (running them one by one would only wait again).
   */
  private boolean waitedOrLost(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return cancelled || state.equals(LOCK_NOT_AVAILABLE) || state.equals("57014") || FailureReport.isConnectionLoss(state);
  }

  private static StatementFailure wholeSectionFailed(Alteration alteration, Direction direction, Section section,
      SQLException e) {
    String sql = section.sql().strip();
    return new StatementFailure(alteration, direction, section, new SqlStatement(sql, section.sql().indexOf(sql)), true, e);
  }

  /**
   * SQL-standard routine bodies (BEGIN ATOMIC) hold semicolons, and pgjdbc stops splitting a
   * multi-statement string at the words BEGIN ATOMIC of a CREATE statement: such statements go one
   * by one ({@link SqlStatement#beginAtomic}, found by the splitter outside quotes and comments).
   */
  private static boolean canSendTogether(List<SqlStatement> statements) {
    for (SqlStatement statement : statements) {
      if (statement.beginAtomic()) {
        return false;
      }
    }
    return true;
  }

  /** Runs a Java alteration's method for the section; its failures are reported like a statement's. */
  private void runJava(Connection connection, Alteration alteration, Direction direction, Section section,
      boolean transactional) {
    JavaAlteration program = alteration.program().get();
    SqlStatement call = new SqlStatement(section.sql().strip(), 0);
    long start = System.nanoTime();
    try {
      if (direction == Direction.UP) {
        if (transactional) {
          program.up(connection);
        } else {
          program.beforeUp(connection);
        }
      } else if (transactional) {
        program.down(connection);
      } else {
        program.beforeDown(connection);
      }
    } catch (SQLException e) {
      throw new StatementFailure(alteration, direction, section, call, transactional, e);
    } catch (RuntimeException e) {
      throw new StatementFailure(alteration, direction, section, call, transactional,
          new SQLException("the Java alteration threw " + e, "XX000", e));
    }
    listener.statementExecuted(call.sql(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * While a statement of the session {@code pid} runs, records who blocks it (for the retry and
   * failure messages). One periodic task serves the whole run: scheduling one per alteration
   * would wake a thread twice per alteration.
   */
  private synchronized void watchBlockers(int pid) {
    if (settings.lockTimeout().isZero() && settings.retries() == 0) {
      return;
    }
    watchedPid = pid;
    if (watcher == null) {
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logto-blocker-watch");
        t.setDaemon(true);
        return t;
      });
      watch = watcher.scheduleWithFixedDelay(() -> {
        int watched = watchedPid;
        if (running == null || watched == 0) {
          return;
        }
        try (Connection c = dataSource.getConnection()) {
          List<String> blockers = ServerChecks.blockers(c, watched);
          if (!blockers.isEmpty()) {
            lastBlockers = blockers;
          }
        } catch (SQLException | RuntimeException ignored) {
          // best effort: the message then names no blocker
        }
      }, 100, 250, TimeUnit.MILLISECONDS);
    }
  }

  private void pauseWatcher() {
    watchedPid = 0;
  }

  private synchronized void stopWatcher() {
    pauseWatcher();
    if (watch != null) {
      watch.cancel(false);
      watch = null;
    }
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  private List<String> invalidIndexesAfter(StatementFailure failure) {
    if (failure.transactional || !failure.statement.sql().toLowerCase(Locale.ROOT)
        .matches("(?s)\\s*create\\s+(unique\\s+)?index\\s+concurrently.*")) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection()) {
      return ServerChecks.invalidIndexes(c);
    } catch (SQLException e) {
      return List.of();
    }
  }

  private Duration backoff(int attempt) {
    long base = Math.min(30_000, 500L << Math.min(attempt, 6));
    long jitter = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(base / 2 + jitter);
  }

  private void sleep(Duration delay, List<Alteration> done) {
    try {
      long end = System.nanoTime() + delay.toNanos();
      while (!cancelled && System.nanoTime() < end) {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      }
      checkCancelled(done);
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
    String prefix = FailureReport.isConnectionLoss(state)
        ? "Lost the connection to the database: " : "The database refused the operation: ";
    String hint = state.equals("42501") ? " Grant the user the privilege (or run as the schema owner)." : "";
    return new LogtoException(ErrorCode.DATABASE, prefix + SqlErrors.oneLine(e) + "." + hint + " "
        + done.size() + " alteration" + (done.size() == 1 ? " was" : "s were") + " committed by this run"
        + " before; nothing else changed. Run the same command again once this is fixed.", List.of(), e);
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }
}
