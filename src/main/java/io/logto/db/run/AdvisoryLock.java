package io.logto.db.run;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The deployers' mutual exclusion: a PostgreSQL advisory lock on one key, taken by polling a
 * try-lock (a waiter never sits inside {@code pg_advisory_lock}, where it could deadlock
 * {@code CREATE INDEX CONCURRENTLY}). The transaction-scoped form is released by commit,
 * rollback or a dead session, so a killed deployer leaves nothing behind, and it works through
 * PgBouncer in transaction mode.
 */
public final class AdvisoryLock {
  /** The lock key: the first 8 bytes of "logto-alteration" read as a bigint. */
  public static final long KEY = 0x6c6f67746f2d616cL;
  private static final long CLASS_ID = KEY >>> 32;
  private static final long OBJ_ID = KEY & 0xffffffffL;

  private final Duration maxWait;
  private final RunListener listener;

  private final java.util.function.BooleanSupplier cancelled;

  /**
   * The first statement of every transaction that takes the lock: the state must be re-read with
   * a snapshot taken after the lock, which only read committed gives (a database whose
   * default_transaction_isolation is repeatable read would otherwise show a deployer the state
   * from before the previous lock holder committed).
   */
  public static final String READ_COMMITTED = "set transaction isolation level read committed;";
  private volatile Boolean checkClient;

  public AdvisoryLock(Duration maxWait, RunListener listener) {
    this(maxWait, listener, () -> false);
  }

  /** A lock whose waiting ends when {@code cancelled} turns true (Ctrl-C, SIGTERM). */
  public AdvisoryLock(Duration maxWait, RunListener listener, java.util.function.BooleanSupplier cancelled) {
    this.maxWait = maxWait;
    this.listener = listener;
    this.cancelled = cancelled;
  }

  /** Takes the lock for the current transaction. */
  public void lockTransaction(Connection connection) throws SQLException {
    acquire(connection, READ_COMMITTED + "select pg_try_advisory_xact_lock(?)", ps -> { });
  }

  /**
   * Takes the lock for the current transaction and, in the same round trip, sets the
   * transaction's lock_timeout and statement_timeout; returns the session's server process id.
   */
  public int lockTransaction(Connection connection, Duration lockTimeout, Duration statementTimeout)
      throws SQLException {
    return lockTransaction(connection, lockTimeout, statementTimeout, null, rs -> null).pid();
  }

  /** The lock taken: the session's server process id and what the query sent with it read. */
  public record Locked<T>(int pid, T then) {}

  /** Reads the result of the query sent with the lock. */
  @FunctionalInterface
  public interface ThenReader<T> {
    T read(ResultSet result) throws SQLException;
  }

  /**
   * {@link #lockTransaction(Connection, Duration, Duration)}, and {@code thenQuery} (SQL text
   * without parameters) in the same round trip, right after the lock: in read committed, each
   * statement sees what was committed before it started, so the query sees every change of the
   * deployer that held the lock before. Its result is read once the lock is taken.
   */
  public <T> Locked<T> lockTransaction(Connection connection, Duration lockTimeout, Duration statementTimeout,
      String thenQuery, ThenReader<T> then) throws SQLException {
    int[] pid = new int[1];
    List<T> read = new java.util.ArrayList<>(1);
    acquire(connection, READ_COMMITTED + "select pg_try_advisory_xact_lock(?), pg_backend_pid(), "
        + timeouts("?", "?", checksClient(connection), ", ")
        + (thenQuery == null ? "" : ";\n" + thenQuery), ps -> {
          ps.setString(2, lockTimeout.toMillis() + "ms");
          ps.setString(3, statementTimeout.toMillis() + "ms");
        }, (rs, statement) -> {
          pid[0] = rs.getInt(2);
          if (thenQuery != null) {
            statement.getMoreResults();
            try (ResultSet result = statement.getResultSet()) {
              read.add(then.read(result));
            }
          }
        });
    return new Locked<>(pid[0], read.isEmpty() ? null : read.get(0));
  }

  /**
   * SQL text for a statement that takes the lock for the current transaction and sets its
   * timeouts, or, when another session holds the lock, fails with an invalid-integer error whose
   * text is {@code failure} followed by the session's pid (a non-constant expression, so the
   * planner cannot raise it before the lock is tried). For a caller that sends it with other
   * statements: nothing after it runs unless the lock was taken.
   */
  public String guardStatement(Connection connection, Duration lockTimeout, Duration statementTimeout, String failure)
      throws SQLException {
    return "select case when pg_try_advisory_xact_lock(" + KEY + ") then "
        + timeouts("'" + lockTimeout.toMillis() + "ms'", "'" + statementTimeout.toMillis() + "ms'",
            checksClient(connection), " || ")
        + " else (" + failure + " || pg_backend_pid())::int::text end";
  }

  /**
   * The transaction's lock and statement timeouts as {@code set_config(..., true)} calls (the
   * function form of SET LOCAL) joined by {@code separator}; on PostgreSQL 14+ also
   * client_connection_check_interval, so the server notices a vanished client (SIGKILL, lost
   * network) within a second and cancels its statement instead of holding its locks.
   */
  private static String timeouts(String lockTimeout, String statementTimeout, boolean checkClient, String separator) {
    return "set_config('lock_timeout', " + lockTimeout + ", true)" + separator
        + "set_config('statement_timeout', " + statementTimeout + ", true)"
        + (checkClient ? separator + "set_config('client_connection_check_interval', '1000ms', true)" : "");
  }

  /** Whether the server has client_connection_check_interval (PostgreSQL 14+), asked once per lock. */
  private boolean checksClient(Connection connection) throws SQLException {
    Boolean known = checkClient;
    if (known == null) {
      known = connection.getMetaData().getDatabaseMajorVersion() >= 14;
      checkClient = known;
    }
    return known;
  }

  /**
   * For a {@code before-*} section, which runs outside a transaction under the session lock: the
   * same lock and statement timeouts (and dead-client check) as a transaction's, set for the
   * session; the reset after the section ({@link SessionReset}) removes them.
   */
  public void sessionTimeouts(Connection connection, Duration lockTimeout, Duration statementTimeout)
      throws SQLException {
    try (java.sql.Statement st = connection.createStatement()) {
      st.execute("select " + timeouts("'" + lockTimeout.toMillis() + "ms'", "'" + statementTimeout.toMillis() + "ms'",
          checksClient(connection), ", ").replace(", true)", ", false)"));
    }
  }

  /** Takes the lock for the session (must be released with {@link #unlockSession}). */
  public void lockSession(Connection connection) throws SQLException {
    acquire(connection, "select pg_try_advisory_lock(?)", ps -> { });
  }

  public void unlockSession(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
      ps.setLong(1, KEY);
      ps.execute();
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader {
    void read(ResultSet row, PreparedStatement statement) throws SQLException;
  }

  private void acquire(Connection connection, String sql, Binder binder) throws SQLException {
    acquire(connection, sql, binder, (rs, statement) -> { });
  }

  private void acquire(Connection connection, String sql, Binder binder, Reader reader) throws SQLException {
    Instant deadline = Instant.now().plus(maxWait);
    long sleep = 50;
    String announced = null;
    Instant lastAnnounce = Instant.EPOCH;
    while (true) {
      if (cancelled.getAsBoolean()) {
        throw new LogtoException(ErrorCode.CANCELLED, "Cancelled while waiting for the alteration lock;"
            + " nothing more was changed.");
      }
      if (tryLock(connection, sql, binder, reader)) {
        return;
      }
      String holder = describeHolder(connection);
      if (!holder.equals(announced) || Duration.between(lastAnnounce, Instant.now()).toSeconds() >= 30) {
        listener.waitingForLock(holder);
        announced = holder;
        lastAnnounce = Instant.now();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new LogtoException(ErrorCode.LOCK_TIMEOUT, "Gave up after waiting " + format(maxWait)
            + " for the alteration lock held by " + holder + ". Wait for that deployer to finish or stop it,"
            + " or raise --lock-wait.");
      }
      try {
        Thread.sleep(sleep + (long) (Math.random() * sleep / 2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LogtoException(ErrorCode.CANCELLED, "Interrupted while waiting for the alteration lock; nothing was changed.");
      }
      sleep = Math.min(1000, sleep * 2);
    }
  }

  private static boolean tryLock(Connection connection, String sql, Binder binder, Reader reader)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, KEY);
      binder.bind(ps);
      boolean rows = ps.execute();
      while (!rows && ps.getUpdateCount() != -1) {
        rows = ps.getMoreResults(); // past SET TRANSACTION
      }
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return false;
        }
        reader.read(rs, ps);
        return true;
      }
    }
  }


  /** Who holds the lock: pid, application, client address and since when. */
  public static String describeHolder(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "select a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(host(a.client_addr), 'local socket'),"
            + " coalesce(a.xact_start, a.backend_start) from pg_locks l join pg_stat_activity a on a.pid = l.pid"
            + " where l.locktype = 'advisory' and l.granted and l.classid = ?::oid and l.objid = ?::oid"
            + " and l.objsubid = 1 and l.database = (select oid from pg_database where datname = current_database())"
            + " limit 1")) {
      ps.setLong(1, CLASS_ID);
      ps.setLong(2, OBJ_ID);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return "another session (it is gone now)";
        }
        return "pid " + rs.getInt(1) + " (application " + rs.getString(2) + ", client " + rs.getString(3)
            + ", since " + rs.getTimestamp(4).toInstant() + ")";
      }
    }
  }

  static String format(Duration d) {
    return d.toSeconds() >= 60 && d.toSecondsPart() == 0 ? d.toMinutes() + "m"
        : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
