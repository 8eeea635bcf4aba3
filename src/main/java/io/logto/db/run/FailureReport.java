package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Redactor;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.script.SqlSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the message for a failed alteration: file, line, column, statement, SQLSTATE, what to do. */
final class FailureReport {
  private FailureReport() {}

  static LogtoException of(StatementFailure failure, List<Alteration> done, boolean cancelled,
      List<String> blockers, List<String> invalidIndexes) {
    Optional<SqlErrors.ServerError> server = SqlErrors.serverError(failure.sqlException());
    String sectionSql = failure.section.sql();
    int offset = failure.statement.offset();
    int position = server.map(SqlErrors.ServerError::position).orElse(0);
    int at = position > 0 ? offset + position - 1 : offset;
    int line = failure.section.firstLine() + SqlSplitter.lineOf(sectionSql, at) - 1;
    int column = SqlSplitter.columnOf(sectionSql, at);
    String what = server.map(s -> s.message() + " (SQLSTATE " + s.sqlState() + ")")
        .orElseGet(() -> SqlErrors.oneLine(failure.sqlException()));
    String function = failure.transactional
        ? failure.direction.function()
        : "`before-" + failure.direction.word() + "`";
    boolean lost = isConnectionLoss(failure.sqlState());
    String first = (cancelled ? "Cancelled" : lost ? "Lost the connection to the database while running"
        : "Error occurred during running") + " alteration "
        + failure.alteration.fileName() + " " + function + " at line " + line + ", column " + column + ": "
        + Redactor.redact(what);
    List<String> details = new ArrayList<>();
    details.add("Statement (line " + (failure.section.firstLine() + SqlSplitter.lineOf(sectionSql, offset) - 1)
        + "): " + abbreviate(failure.statement.sql()));
    server.flatMap(SqlErrors.ServerError::detail).ifPresent(d -> details.add("Detail: " + d));
    server.flatMap(SqlErrors.ServerError::hint).ifPresent(h -> details.add("Hint: " + h));
    if (failure.sqlState().equals("55P03") && !blockers.isEmpty()) {
      blockers.forEach(b -> details.add("Blocked by " + b));
    }
    for (String index : invalidIndexes) {
      details.add("Index " + index + " is INVALID (left by a failed CREATE INDEX CONCURRENTLY); drop it with:"
          + " DROP INDEX CONCURRENTLY IF EXISTS " + index + ";");
    }
    details.add(outcome(failure, lost));
    details.add(done.isEmpty() ? "No alteration was applied by this run."
        : done.size() + " earlier alteration" + (done.size() > 1 ? "s of this run stay" : " of this run stays") + " applied.");
    details.add(nextStep(failure, cancelled, lost));
    return new LogtoException(cancelled ? ErrorCode.CANCELLED : ErrorCode.ALTERATION_FAILED, first, details,
        failure.getCause());
  }

  /** What the failed alteration left in the database. */
  private static String outcome(StatementFailure failure, boolean lost) {
    if (failure.transactional && lost) {
      // the commit may have been sent with the section (one message): whether the server ran it
      // before the connection dropped is unknown here, but it was all or nothing either way
      return "This alteration ran in one transaction with its state row, so it is applied in full or not at"
          + " all: if the connection dropped as it committed, the state row says which.";
    } else if (failure.transactional) {
      return "This alteration didn't change anything since it was in a transaction.";
    }
    return "This statement runs outside a transaction: the `before-" + failure.direction.word()
        + "` statements before it may have been applied; they must be re-runnable (IF NOT EXISTS).";
  }

  /** What to do next. */
  private static String nextStep(StatementFailure failure, boolean cancelled, boolean lost) {
    if (cancelled) {
      return "Run the same command again to continue from this alteration.";
    } else if (lost) {
      return "Run the same command again once the database is reachable: it continues from where the state"
          + " row stands.";
    } else if (failure.sqlState().equals("55P03")) {
      return "Other sessions held the locks it needs for longer than --lock-timeout in every attempt: run the"
          + " same command again when they are done, or raise --lock-timeout or --retries.";
    }
    return "Try to fix the error and run the same command again: it continues from this alteration.";
  }

  static boolean isConnectionLoss(String sqlState) {
    return sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03");
  }

  static String abbreviate(String sql) {
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 160 ? oneLine.substring(0, 157) + "..." : oneLine;
  }
}
