package io.logto.db.script;

import io.logto.db.script.SqlSplitter.SqlSplitException;

/**
 * The lexer's scanning for {@link SqlSplitter}: where a comment, a quoted string or name, a dollar
 * quote or a word that starts at a given offset ends. Pure functions of the text and an offset;
 * what the words mean is {@link StatementWords}'.
 */
final class SqlScanner {
  private SqlScanner() {}

  /** The end of the {@code --} comment at {@code pos}: after its line's LF, or the end of the text. */
  static int lineCommentEnd(String sql, int pos) {
    int end = sql.indexOf('\n', pos);
    return end < 0 ? sql.length() : end + 1;
  }

  /** The end of the (possibly nested) block comment at {@code start}. */
  static int blockCommentEnd(String sql, int start) {
    int pos = start;
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          return pos;
        }
      } else {
        pos++;
      }
    }
    throw new SqlSplitException("unterminated /* comment", start);
  }

  /**
   * The end of the string or quoted name whose opening {@code quote} is at {@code start}: a doubled
   * quote stands for itself, and with {@code backslashEscapes} ({@code E''}) a backslash escapes the
   * next character.
   */
  static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
    int pos = start + 1;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        pos += 2;
      } else if (c == quote) {
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
          pos += 2;
        } else {
          return pos + 1;
        }
      } else {
        pos++;
      }
    }
    throw new SqlSplitException(
        quote == '"' ? "unterminated quoted identifier" : "unterminated quoted string", start);
  }

  /** The end of the dollar-quoted string that opens with {@code tag} at {@code start}. */
  static int dollarQuotedEnd(String sql, int start, String tag) {
    int end = sql.indexOf(tag, start + tag.length());
    if (end < 0) {
      throw new SqlSplitException("unterminated dollar-quoted string " + tag, start);
    }
    return end + tag.length();
  }

  /** The dollar-quote tag ({@code $$} or {@code $name$}) starting at {@code at}, or null. */
  static String dollarTagAt(String sql, int at) {
    int i = at + 1;
    if (i < sql.length() && sql.charAt(i) == '$') {
      return "$$";
    }
    if (i >= sql.length() || !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
      return null;
    }
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(at, i + 1) : null;
  }

  /** The end of the word (identifier or keyword) starting at {@code start}. */
  static int wordEnd(String sql, int start) {
    int pos = start;
    while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  /** True when a word's character stands right before {@code at} ({@code e'} or {@code $} inside a name). */
  static boolean identifierBefore(String sql, int at) {
    return at > 0 && isIdentifierPart(sql.charAt(at - 1));
  }

  static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c > 127;
  }

  static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }
}
