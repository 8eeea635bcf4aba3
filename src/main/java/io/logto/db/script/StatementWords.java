package io.logto.db.script;

import java.util.Locale;

/**
 * What the words of one statement tell {@link SqlSplitter}, fed token by token: whether the
 * statement is a routine ({@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}), where its
 * {@code BEGIN ATOMIC} body starts and ends ({@code CASE}/{@code END} nesting, parentheses of the
 * signature, a word after {@code .} or {@code AS} being a name), and whether a {@code CREATE}
 * statement holds the words {@code BEGIN ATOMIC} as pgjdbc sees them. One instance per statement.
 */
final class StatementWords {
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

  /** The word {@code sql[start, end)}. */
  void word(String sql, int start, int end) {
    if (create) {
      boolean begin = end - start == 5 && sql.regionMatches(true, start, "begin", 0, 5);
      beginAtomic = beginAtomic || afterBegin && end - start == 6 && sql.regionMatches(true, start, "atomic", 0, 6);
      afterBegin = begin;
    }
    if (wordCount >= words.length && !routine) {
      return; // neither a routine's head nor inside a routine: the word does not matter
    }
    String word = sql.substring(start, end).toLowerCase(Locale.ROOT);
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
  void token(String text) {
    if (routine) {
      previous = text;
    }
  }

  /**
   * A character outside words and quotes, in a routine: parentheses delimit its signature, and a
   * {@code .} makes the next word a name unless it is a number's decimal point ({@code 1. end}).
   */
  void punctuation(char c) {
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

  /** A semicolon: true (and remembered as the previous token) when it stands inside a {@code BEGIN ATOMIC} body. */
  boolean semicolonInBody() {
    if (blockDepth > 0) {
      previous = ";";
      return true;
    }
    return false;
  }

  /** The statement must be sent alone: {@link SqlStatement#beginAtomic}. */
  boolean beginAtomic() {
    return beginAtomic || atomicBody;
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
}
