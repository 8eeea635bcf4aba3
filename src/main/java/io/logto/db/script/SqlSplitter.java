package io.logto.db.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at top-level semicolons, the way psql does: it understands
 * single-quoted strings ({@code ''} escapes), {@code E''} strings (backslash escapes), quoted
 * identifiers, dollar quotes with tags, {@code --} comments, nested block comments, and
 * {@code BEGIN ATOMIC ... END} bodies of SQL-standard functions. Statements that hold only
 * comments are dropped.
 *
 * <p>A body is recognised only where PostgreSQL's grammar puts one: in {@code CREATE [OR REPLACE]
 * FUNCTION|PROCEDURE}, after the parenthesised signature, outside parentheses, as the words
 * {@code BEGIN ATOMIC} (comments may stand between them). A parameter, a function or a type named
 * {@code begin} is not a body, so the statements after it are split as usual and a {@code COMMIT}
 * among them is seen. Inside a body, {@code CASE} and {@code END} nest; either word after a
 * {@code .} or {@code AS} is a name ({@code t.end}, {@code AS case}), not a keyword.
 *
 * <p>This class walks the text and cuts the statements; {@link SqlScanner} finds where comments,
 * quotes and words end, and {@link StatementWords} follows what a statement's words mean.
 */
public final class SqlSplitter {
  private final String sql;
  private final List<SqlStatement> statements = new ArrayList<>();
  private int pos;
  private int statementStart = -1;
  /** What the current statement's words say (a routine body, {@code BEGIN ATOMIC}). */
  private StatementWords words = new StatementWords();

  private SqlSplitter(String sql) {
    this.sql = sql;
  }

  /**
   * Splits {@code sql}.
   *
   * @throws SqlSplitException when a quote, dollar quote or comment is never closed
   */
  public static List<SqlStatement> split(String sql) {
    SqlSplitter splitter = new SqlSplitter(sql);
    splitter.run();
    return List.copyOf(splitter.statements);
  }

  /** The 1-based line of {@code offset} in {@code text}. */
  public static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The 1-based column of {@code offset} in {@code text}. */
  public static int columnOf(String text, int offset) {
    int clamped = Math.min(offset, text.length());
    int lineStart = clamped <= 0 ? 0 : text.lastIndexOf('\n', clamped - 1) + 1;
    return clamped - lineStart + 1;
  }

  private void run() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      char next = pos + 1 < sql.length() ? sql.charAt(pos + 1) : '\0';
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && next == '-') {
        pos = SqlScanner.lineCommentEnd(sql, pos);
      } else if (c == '/' && next == '*') {
        pos = SqlScanner.blockCommentEnd(sql, pos);
      } else if (c == ';') {
        endStatement();
        pos++;
      } else {
        markStart();
        token(c, next);
      }
    }
    endStatement();
  }

  /** The token starting with {@code c} (followed by {@code next}) in a statement: a literal, a word or punctuation. */
  private void token(char c, char next) {
    if (c == '\'' || c == '"') {
      pos = SqlScanner.quotedEnd(sql, pos, c, false);
      words.token("");
    } else if ((c == 'E' || c == 'e') && next == '\'' && !SqlScanner.identifierBefore(sql, pos)) {
      pos = SqlScanner.quotedEnd(sql, pos + 1, '\'', true);
      words.token("");
    } else if (c == '$' && !SqlScanner.identifierBefore(sql, pos) && SqlScanner.dollarTagAt(sql, pos) != null) {
      pos = SqlScanner.dollarQuotedEnd(sql, pos, SqlScanner.dollarTagAt(sql, pos));
      words.token("");
    } else if (SqlScanner.isIdentifierStart(c)) {
      int start = pos;
      pos = SqlScanner.wordEnd(sql, pos);
      words.word(sql, start, pos);
    } else {
      pos++;
      words.punctuation(c);
    }
  }

  private void markStart() {
    if (statementStart < 0) {
      statementStart = pos;
    }
  }

  private void endStatement() {
    if (pos < sql.length() && words.semicolonInBody()) {
      return; // a semicolon inside BEGIN ATOMIC ... END
    }
    if (statementStart >= 0) {
      addStatement(Math.min(pos, sql.length()));
    }
    statementStart = -1;
    words = new StatementWords();
  }

  private void addStatement(int end) {
    statements.add(new SqlStatement(sql.substring(statementStart, end).stripTrailing(), statementStart,
        words.beginAtomic()));
  }

  /** A quote, dollar quote or comment that is never closed. */
  public static final class SqlSplitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    SqlSplitException(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }
}
