package io.logto.db.check;

/**
 * One thing wrong with a history: the step that found it ({@code static check}, {@code after
 * rollback to 1.1.0}...), the object (a script file, {@code table users}...) and what is wrong.
 */
public record Problem(String step, String object, String message) {
  public static final String STATIC = "static check";

  /** The report line: {@code after rollback to 1.1.0: table users: column locale (text) should not exist}. */
  public String line() {
    return step + ": " + object + ": " + message;
  }

  @Override
  public String toString() {
    return line();
  }
}
