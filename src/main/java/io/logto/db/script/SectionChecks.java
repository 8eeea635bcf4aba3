package io.logto.db.script;

import static io.logto.db.script.SectionParser.BEFORE_DOWN;
import static io.logto.db.script.SectionParser.DOWN;
import static io.logto.db.script.SectionParser.IRREVERSIBLE;
import static io.logto.db.script.SectionParser.fail;

import io.logto.db.alteration.Section;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks {@link SectionParser} makes of what the sections hold: nothing but comments before the
 * first marker and after the irreversible one, every section splittable into statements
 * ({@link SqlSplitter}), and no statement that would end logto's transaction.
 */
final class SectionChecks {
  private SectionChecks() {}

  /**
   * The regular expression for transaction control, compiled when a statement first needs it rather
   * than when the class is first used: a script an {@link AlterationIndex} vouches for is never
   * parsed, only normalised.
   */
  private static final class Patterns {
    /** Statements that begin or end a transaction (ROLLBACK TO SAVEPOINT does neither). */
    static final Pattern TRANSACTION_CONTROL = Pattern.compile(
        "(begin|start\\s+transaction|commit|end|abort|rollback(?!\\s+(?:work\\s+|transaction\\s+)?to\\b)"
            + "|prepare\\s+transaction)\\b", Pattern.CASE_INSENSITIVE);
  }

  /** The irreversible marker takes no SQL and excludes a down section. */
  static boolean checkIrreversible(String fileName, Map<String, Section> sections) {
    Section marker = sections.get(IRREVERSIBLE);
    if (marker == null) {
      return false;
    }
    if (sections.containsKey(DOWN) || sections.containsKey(BEFORE_DOWN)) {
      throw fail(fileName, "it has both the '-- alteration:irreversible' marker and a '-- alteration:"
          + (sections.containsKey(DOWN) ? DOWN : BEFORE_DOWN) + "' section",
          "keep the down section if the script can be reverted, otherwise remove it");
    }
    List<SqlStatement> statements = SqlSplitter.split(marker.sql());
    if (!statements.isEmpty()) {
      int line = marker.firstLine() + SqlSplitter.lineOf(marker.sql(), statements.get(0).offset()) - 1;
      throw fail(fileName, "line " + line + " has SQL after the '-- alteration:irreversible' marker, which takes"
          + " only comments", "move the SQL into the '-- alteration:up' section, or write"
          + " '-- alteration:down' if it reverts the script");
    }
    return true;
  }

  static void checkPreamble(String fileName, String preamble) {
    java.util.List<SqlStatement> statements;
    try {
      statements = SqlSplitter.split(preamble);
    } catch (SqlSplitter.SqlSplitException e) {
      throw fail(fileName, "the text before its first '-- alteration:' marker line has an " + e.getMessage()
          + " starting at line " + SqlSplitter.lineOf(preamble, e.offset()), "close it");
    }
    if (!statements.isEmpty()) {
      throw fail(fileName, "it has SQL before its first '-- alteration:' marker line",
          "move that SQL into the '-- alteration:up' section");
    }
  }

  /** Splits every section once (so a broken one fails now, not when it runs); returns statement counts. */
  static Map<String, Integer> checkSplittable(String fileName, Map<String, Section> sections) {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (Map.Entry<String, Section> entry : sections.entrySet()) {
      Section section = entry.getValue();
      try {
        List<SqlStatement> statements = SqlSplitter.split(section.sql());
        for (SqlStatement statement : statements) {
          String text = withoutLeadingComments(statement.sql());
          Matcher control = mayControlTransaction(text) ? Patterns.TRANSACTION_CONTROL.matcher(text) : null;
          if (control != null && control.lookingAt()) {
            int line = section.firstLine() + SqlSplitter.lineOf(section.sql(), statement.offset()) - 1;
            throw fail(fileName, "its '-- alteration:" + entry.getKey() + "' section has '"
                + control.group(1).replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) + "' at line " + line
                + ", which would end logto's transaction (and its lock) in the middle of the alteration",
                "remove it: logto runs each alteration in a transaction of its own");
          }
        }
        counts.put(entry.getKey(), statements.size());
      } catch (SqlSplitter.SqlSplitException e) {
        int line = section.firstLine() + SqlSplitter.lineOf(section.sql(), e.offset()) - 1;
        throw fail(fileName, "its '-- alteration:" + entry.getKey() + "' section has an "
            + e.getMessage() + " starting at line " + line, "close it");
      }
    }
    return counts;
  }

  /** The first words {@link Patterns#TRANSACTION_CONTROL} can match: a cheap test before the regular expression. */
  private static final String[] CONTROL_WORDS = {"begin", "start", "commit", "end", "abort", "rollback", "prepare"};

  private static boolean mayControlTransaction(String text) {
    for (String word : CONTROL_WORDS) {
      if (text.regionMatches(true, 0, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  private static String withoutLeadingComments(String sql) {
    String text = sql.stripLeading();
    while (true) {
      if (text.startsWith("--")) {
        int end = text.indexOf('\n');
        text = end < 0 ? "" : text.substring(end + 1).stripLeading();
      } else if (text.startsWith("/*")) {
        int end = text.indexOf("*/");
        text = end < 0 ? "" : text.substring(end + 2).stripLeading();
      } else {
        return text;
      }
    }
  }
}
