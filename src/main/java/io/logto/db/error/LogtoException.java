package io.logto.db.error;

import java.util.List;

/**
 * The one error type of the tool. Its message is a single line that names the object, the problem
 * and the fix; {@link #details()} holds optional extra lines (the failing statement, SQLSTATE...).
 */
public class LogtoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<String> details;

  public LogtoException(ErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  public LogtoException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  public LogtoException(ErrorCode code, String message, List<String> details, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.details = List.copyOf(details);
  }

  public static LogtoException usage(String message) {
    return new LogtoException(ErrorCode.USAGE, message);
  }

  public ErrorCode code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
