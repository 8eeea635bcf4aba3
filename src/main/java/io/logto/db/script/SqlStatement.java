package io.logto.db.script;

/**
 * One SQL statement of a section: its text (without the closing semicolon) and where it starts.
 *
 * @param beginAtomic the statement is a {@code CREATE} statement holding the words {@code BEGIN
 *     ATOMIC}, which include every {@code BEGIN ATOMIC ... END} routine body (whose semicolons
 *     stay in the statement). pgjdbc, splitting a multi-statement string at semicolons, stops
 *     splitting for the rest of the string after those words, so such a statement must be sent
 *     on its own.
 */
public record SqlStatement(String sql, int offset, boolean beginAtomic) {
  /** A statement that is not a CREATE statement holding BEGIN ATOMIC (a whole section, a call). */
  public SqlStatement(String sql, int offset) {
    this(sql, offset, false);
  }
}
