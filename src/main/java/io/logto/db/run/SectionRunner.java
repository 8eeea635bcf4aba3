package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.JavaAlteration;
import io.logto.db.alteration.Section;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs one section of an alteration on a connection whose transaction (or session lock) the
 * caller holds: SQL statements together in one round trip when they can go together, otherwise one
 * by one so a failure names its statement, line and column; a Java alteration's method; and, for
 * a transactional section, the bookkeeping (session reset, state move, journal row) after them.
 * Every failure is a {@link StatementFailure} that points into the script.
 */
final class SectionRunner {
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final RunListener listener;
  private final Cancellation cancellation;

  SectionRunner(RunListener listener, Cancellation cancellation) {
    this.listener = listener;
    this.cancellation = cancellation;
  }

  /**
   * Runs {@code section}. A transactional one comes with {@code bookkeeping}, sent with its
   * statements in one round trip when they can go together, otherwise right after them;
   * {@code locate}: one by one, because the one-round-trip path just failed and the failure must be
   * located.
   */
  void run(Connection connection, Alteration alteration, Direction direction, Section section, boolean transactional,
      String bookkeeping, boolean locate) throws SQLException {
    if (alteration.program().isPresent()) {
      runJava(connection, alteration, direction, section, transactional);
      runBookkeeping(connection, bookkeeping);
      return;
    }
    List<SqlStatement> statements = SqlSplitter.split(section.sql());
    if (transactional && !locate && !statements.isEmpty() && !listener.wantsStatements() && canSendTogether(statements)
        && runTogether(connection, alteration, direction, section, statements, bookkeeping)) {
      return;
    }
    for (SqlStatement statement : statements) {
      if (!transactional) {
        repairInvalidIndex(connection, alteration, direction, section, statement);
      }
      runOne(connection, alteration, direction, section, statement, transactional);
    }
    if (!transactional) {
      ConcurrentIndexes.requireValid(connection, alteration, direction, ConcurrentIndexes.builtBy(statements));
    }
    runBookkeeping(connection, bookkeeping);
  }

  private void runOne(Connection connection, Alteration alteration, Direction direction, Section section,
      SqlStatement statement, boolean transactional) {
    if (cancellation.cancelled()) {
      throw new StatementFailure(alteration, direction, section, statement, transactional,
          new SQLException("canceling statement due to user request", "57014"));
    }
    long start = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      cancellation.execute(st, statement.sql());
    } catch (SQLException e) {
      throw new StatementFailure(alteration, direction, section, statement, transactional, e);
    }
    listener.statementExecuted(statement.sql(), Duration.ofNanos(System.nanoTime() - start));
  }

  static void runBookkeeping(Connection connection, String bookkeeping) throws SQLException {
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
      cancellation.execute(st, batch.toString());
    } catch (SQLException e) {
      if (waitedOrLost(e)) {
        throw wholeSectionFailed(alteration, direction, section, e);
      }
      try (Statement st = connection.createStatement()) {
        st.execute("rollback to savepoint logto_section");
      } catch (SQLException rollbackFailure) {
        if ("3B001".equals(rollbackFailure.getSQLState())) {
          // no savepoint: the server refused the whole string before running any of it (a syntax
          // error is found while the string is parsed), so the transaction is lost; run it again
          // statement by statement in a new one, which locates the failure
          throw new Relocate();
        }
        e.addSuppressed(rollbackFailure);
        throw new StatementFailure(alteration, direction, section, statements.get(0), true, e);
      }
      if (statements.size() == 1) {
        runBookkeeping(connection, bookkeeping); // its own failure is reported as a database error
        throw new StatementFailure(alteration, direction, section, statements.get(0), true, e);
      }
      return false;
    }
    listener.statementExecuted(batch.substring(0, sectionEnd), Duration.ofNanos(System.nanoTime() - start));
    return true;
  }

  /** The section must run again, statement by statement, in a new transaction (see {@link #runTogether}). */
  static final class Relocate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Relocate() {
      super("run the alteration again statement by statement", null, false, false);
    }
  }

  /**
   * A lock timeout, a cancellation or a lost connection while a section's statements ran together:
   * reported at once against the whole section (running them one by one would only wait again).
   */
  boolean waitedOrLost(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return cancellation.cancelled() || state.equals(LOCK_NOT_AVAILABLE) || state.equals("57014")
        || FailureReport.isConnectionLoss(state);
  }

  static StatementFailure wholeSectionFailed(Alteration alteration, Direction direction, Section section,
      SQLException e) {
    String sql = section.sql().strip();
    return new StatementFailure(alteration, direction, section, new SqlStatement(sql, section.sql().indexOf(sql)), true, e);
  }

  /**
   * SQL-standard routine bodies (BEGIN ATOMIC) hold semicolons, and pgjdbc stops splitting a
   * multi-statement string at the words BEGIN ATOMIC of a CREATE statement: such statements go one
   * by one ({@link SqlStatement#beginAtomic}, found by the splitter outside quotes and comments).
   */
  static boolean canSendTogether(List<SqlStatement> statements) {
    for (SqlStatement statement : statements) {
      if (statement.beginAtomic()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Before a {@code CREATE INDEX CONCURRENTLY} of a {@code before-*} section: an INVALID index of
   * that name, left by an earlier run that failed or was killed, is dropped so the statement builds
   * it again ({@code IF NOT EXISTS} would skip it and leave an index that does not work).
   */
  private void repairInvalidIndex(Connection connection, Alteration alteration, Direction direction, Section section,
      SqlStatement statement) {
    Optional<ConcurrentIndexes.Built> built = ConcurrentIndexes.parse(statement.sql());
    if (built.isEmpty()) {
      return;
    }
    try {
      ConcurrentIndexes.dropIfInvalid(connection, built.get())
          .ifPresent(name -> listener.droppedInvalidIndex(alteration, direction, name));
    } catch (SQLException e) {
      throw new StatementFailure(alteration, direction, section, statement, false, e);
    }
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
}
