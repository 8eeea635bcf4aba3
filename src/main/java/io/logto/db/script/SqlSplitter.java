package io.logto.db.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 */
public final class SqlSplitter {
  private final String sql;
  private final List<SqlStatement> statements = new ArrayList<>();
  private int pos;
  private int statementStart = -1;
  /** The statement's first words, lower case, to recognise a routine: create [or replace] function|procedure. */
  private final String[] words = new String[4];
  private int wordCount;
  private boolean routine;
  /** Parentheses open in a routine's head. */
  private int parenDepth;
  /** A routine's parenthesised signature has closed: a body may follow. */
  private boolean signatureDone;
  /** {@code CASE}/{@code END} nesting inside a {@code BEGIN ATOMIC} body; 0 outside one. */
  private int blockDepth;
  /** In a routine: the previous token, a lower-case word or one character ("" for a literal or quoted name). */
  private String previous = "";
  /** The statement holds a {@code BEGIN ATOMIC} body. */
  private boolean atomicBody;
  /**
   * A CREATE statement, in which the word after BEGIN is checked for ATOMIC, as pgjdbc checks it
   * (anything but a word may stand between them): {@link SqlStatement#beginAtomic}.
   */
  private boolean create;
  private boolean afterBegin;
  private boolean beginAtomic;

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
        skipLineComment();
      } else if (c == '/' && next == '*') {
        skipBlockComment();
      } else if (c == ';') {
        endStatement();
        pos++;
      } else {
        markStart();
        if (c == '\'') {
          skipQuoted('\'', false);
          token("");
        } else if (c == '"') {
          skipQuoted('"', false);
          token("");
        } else if ((c == 'E' || c == 'e') && next == '\'' && !identifierBefore(pos)) {
          pos++;
          skipQuoted('\'', true);
          token("");
        } else if (c == '$' && !identifierBefore(pos) && dollarTagAt(pos) != null) {
          skipDollarQuoted(dollarTagAt(pos));
          token("");
        } else if (isIdentifierStart(c)) {
          readWord();
        } else {
          pos++;
          punctuation(c);
        }
      }
    }
    endStatement();
  }

  private void markStart() {
    if (statementStart < 0) {
      statementStart = pos;
    }
  }

  private void endStatement() {
    if (blockDepth > 0 && pos < sql.length()) {
      previous = ";";
      return; // a semicolon inside BEGIN ATOMIC ... END
    }
    if (statementStart >= 0) {
      addStatement(Math.min(pos, sql.length()));
    }
    statementStart = -1;
    wordCount = 0;
    routine = false;
    parenDepth = 0;
    signatureDone = false;
    blockDepth = 0;
    previous = "";
    atomicBody = false;
    create = false;
    afterBegin = false;
    beginAtomic = false;
  }

  private void addStatement(int end) {
    statements.add(new SqlStatement(sql.substring(statementStart, end).stripTrailing(), statementStart,
        beginAtomic || atomicBody));
  }

  private void readWord() {
    int start = pos;
    while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
      pos++;
    }
    if (create) {
      boolean begin = pos - start == 5 && sql.regionMatches(true, start, "begin", 0, 5);
      beginAtomic = beginAtomic || afterBegin && pos - start == 6 && sql.regionMatches(true, start, "atomic", 0, 6);
      afterBegin = begin;
    }
    if (wordCount >= words.length && !routine) {
      return; // neither a routine's head nor inside a routine: the word does not matter
    }
    String word = sql.substring(start, pos).toLowerCase(Locale.ROOT);
    if (wordCount < words.length) {
      words[wordCount++] = word;
      create = create || wordCount == 1 && word.equals("create");
      routine = routine || isRoutineHead();
    }
    if (routine) {
      routineWord(word);
      previous = word;
    }
  }

  /** A word of a routine: where its {@code BEGIN ATOMIC} body starts, and the {@code CASE}/{@code END} nesting in it. */
  private void routineWord(String word) {
    if (blockDepth == 0) {
      if (word.equals("atomic") && previous.equals("begin") && signatureDone && parenDepth == 0 && !atomicBody) {
        blockDepth = 1;
        atomicBody = true;
      }
    } else if (!previous.equals(".") && !previous.equals("as")) {
      if (word.equals("case")) {
        blockDepth++;
      } else if (word.equals("end")) {
        blockDepth--;
      }
    }
  }

  /** A literal or a quoted name: in a routine, it stands between BEGIN and ATOMIC, and before CASE or END. */
  private void token(String text) {
    if (routine) {
      previous = text;
    }
  }

  /**
   * A character outside words and quotes, in a routine: parentheses delimit its signature, and a
   * {@code .} makes the next word a name unless it is a number's decimal point ({@code 1. end}).
   */
  private void punctuation(char c) {
    if (!routine) {
      return;
    }
    if (c == '(') {
      parenDepth++;
    } else if (c == ')' && parenDepth > 0) {
      parenDepth--;
      signatureDone = signatureDone || parenDepth == 0;
    } else if (c == '.' && previous.length() == 1 && previous.charAt(0) >= '0' && previous.charAt(0) <= '9') {
      return; // digits are single characters here (words take the digits of names)
    }
    previous = String.valueOf(c);
  }

  /** True when the first words are {@code create [or replace] function|procedure}. */
  private boolean isRoutineHead() {
    if (!words[0].equals("create")) {
      return false;
    }
    if (wordCount == 2) {
      return words[1].equals("function") || words[1].equals("procedure");
    }
    return wordCount == 4 && words[1].equals("or") && words[2].equals("replace")
        && (words[3].equals("function") || words[3].equals("procedure"));
  }

  private void skipLineComment() {
    int end = sql.indexOf('\n', pos);
    pos = end < 0 ? sql.length() : end + 1;
  }

  private void skipBlockComment() {
    int start = pos;
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
    throw new SqlSplitException("unterminated /* comment", start);
  }

  private void skipQuoted(char quote, boolean backslashEscapes) {
    int start = pos;
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        pos += 2;
      } else if (c == quote) {
        if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
          pos += 2;
        } else {
          pos++;
          return;
        }
      } else {
        pos++;
      }
    }
    throw new SqlSplitException(
        quote == '"' ? "unterminated quoted identifier" : "unterminated quoted string", start);
  }

  private void skipDollarQuoted(String tag) {
    int start = pos;
    int end = sql.indexOf(tag, pos + tag.length());
    if (end < 0) {
      throw new SqlSplitException("unterminated dollar-quoted string " + tag, start);
    }
    pos = end + tag.length();
  }

  /** The dollar-quote tag ({@code $$} or {@code $name$}) starting at {@code at}, or null. */
  private String dollarTagAt(int at) {
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

  private boolean identifierBefore(int at) {
    return at > 0 && isIdentifierPart(sql.charAt(at - 1));
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c > 127;
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
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
