package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.Section;
import io.logto.db.jdbc.Sql;
import io.logto.db.jdbc.Transactions;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole alteration in one round trip, when the run knows the state (its previous transaction
 * moved it) and the next alteration is a plain SQL section: a guard statement that takes the
 * advisory lock (and sets the timeouts) or fails, a second one that fails unless the state row
 * still holds the known state (a new statement, so in read committed it sees what another deployer
 * committed before we got the lock), the section's statements, the bookkeeping and COMMIT. When the
 * guard fails (the lock is busy, the state moved) the regular {@link LockedTransaction} runs the
 * step, waiting for the lock and re-reading the state; when the section fails, it runs the
 * alteration statement by statement, so the failure is located as usual.
 */
final class FastPath {
  /** The error the guard raises on purpose; the text is how it is told apart. */
  private static final String GUARD = "logto-fast-path:";

  /** What the attempt came to. */
  sealed interface Result permits Ran, NotApplicable, Fallback {}

  /** The alteration ran and committed. */
  record Ran(Alteration alteration) implements Result {}

  /** The path does not apply to this step (state unknown, Java alteration, before-* section...). */
  record NotApplicable() implements Result {}

  /** The guard or the section failed and nothing was committed; {@code locate}: run it statement by statement. */
  record Fallback(boolean locate) implements Result {}

  private final RunContext context;

  FastPath(RunContext context) {
    this.context = context;
  }

  Result attempt(Connection connection, Direction direction, Choice choice, Position position) throws SQLException {
    Optional<BigDecimal> expected = position.known();
    if (expected.isEmpty() || context.listener().wantsStatements() || !choice.oneRoundTrip()) {
      return new NotApplicable();
    }
    Optional<Alteration> target = choice.next(connection, expected.get());
    if (target.isEmpty() || target.get().isJava() || target.get().beforeSection(direction).isPresent()
        || target.get().section(direction).isEmpty()) {
      return new NotApplicable();
    }
    Alteration alteration = target.get();
    Section section = alteration.section(direction).get();
    List<SqlStatement> statements = SqlSplitter.split(section.sql());
    if (statements.isEmpty() || !SectionRunner.canSendTogether(statements)) {
      return new NotApplicable();
    }
    BigDecimal newState = choice.stateAfter(alteration);
    String batch = batch(connection, expected.get(), statements, context.bookkeeping(alteration, direction, newState));
    context.listener().started(alteration, direction);
    long start = System.nanoTime();
    try {
      send(connection, batch);
    } catch (SQLException e) {
      position.forget();
      String message = e.getMessage() == null ? "" : e.getMessage();
      if ("22P02".equals(e.getSQLState()) && message.contains(GUARD)) {
        return new Fallback(false);
      }
      if (context.sections().waitedOrLost(e)) {
        throw SectionRunner.wholeSectionFailed(alteration, direction, section, e);
      }
      return new Fallback(true);
    }
    position.moved(newState == null ? expected.get() : newState);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    context.listener().statementExecuted(section.sql(), took);
    context.listener().succeeded(alteration, direction, took);
    return new Ran(alteration);
  }

  private String batch(Connection connection, BigDecimal expected, List<SqlStatement> statements, String bookkeeping)
      throws SQLException {
    RunSettings settings = context.settings();
    StringBuilder batch = new StringBuilder(AdvisoryLock.READ_COMMITTED).append(context.lock().guardStatement(
        connection, settings.lockTimeout(), settings.statementTimeout(), "'" + GUARD + " the alteration lock is busy '"));
    batch.append(";select (").append(Sql.literal(GUARD + " the state moved ")).append(" || pg_backend_pid())::int"
        + " where coalesce((").append(context.store().timestampQuery()).append("), -1) <> ")
        .append(expected.toPlainString());
    for (SqlStatement statement : statements) {
      batch.append("\n;").append(statement.sql());
    }
    return batch.append("\n;").append(bookkeeping).append(";commit").toString();
  }

  private void send(Connection connection, String batch) throws SQLException {
    Transactions.inTransaction(connection, c -> {
      context.watcher().watch(c.unwrap(org.postgresql.PGConnection.class).getBackendPID());
      try (Statement st = c.createStatement()) {
        context.cancellation().execute(st, batch);
      } finally {
        context.watcher().pause();
      }
      return null;
    });
  }
}
