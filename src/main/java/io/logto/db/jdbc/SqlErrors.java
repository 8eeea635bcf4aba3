package io.logto.db.jdbc;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns driver errors into short, password-free text. */
public final class SqlErrors {
  private SqlErrors() {}

  /** The server's fields of a failed statement, when the driver has them. */
  public record ServerError(String sqlState, String message, Optional<String> detail, Optional<String> hint,
      int position) {}

  public static Optional<ServerError> serverError(SQLException e) {
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage m = psql.getServerErrorMessage();
      return Optional.of(new ServerError(nullToEmpty(m.getSQLState()), nullToEmpty(m.getMessage()),
          Optional.ofNullable(m.getDetail()).map(Redactor::redact), Optional.ofNullable(m.getHint()),
          m.getPosition()));
    }
    return Optional.empty();
  }

  /** One line describing any error: SQLSTATE and message, redacted, without newlines. */
  public static String oneLine(Throwable error) {
    Throwable e = error;
    String text;
    if (e instanceof SQLException sql) {
      Optional<ServerError> server = serverError(sql);
      text = server.map(s -> s.message() + " (SQLSTATE " + s.sqlState() + ")")
          .orElseGet(() -> stripPeriod(sql.getMessage()) + (sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")"));
    } else {
      text = String.valueOf(e.getMessage());
    }
    Throwable cause = e.getCause();
    if (cause instanceof java.net.UnknownHostException) {
      text = text + ": unknown host " + cause.getMessage();
    } else if (cause instanceof java.io.IOException && cause.getMessage() != null
        && text.startsWith("The connection attempt failed")) {
      text = text + ": " + cause.getMessage();
    }
    text = text.replaceAll("\\s*\\R\\s*", " ").trim();
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    return Redactor.redact(text);
  }

  private static String stripPeriod(String s) {
    String t = String.valueOf(s).strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
