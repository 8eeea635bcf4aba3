package io.logto.db.script;

import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Section;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the sections of a script file. Each starts at a marker line {@code -- alteration:up},
 * {@code -- alteration:down}, {@code -- alteration:before-up} or {@code -- alteration:before-down}
 * and runs to the next marker. Line endings are normalised to LF and a BOM is dropped. A script
 * that cannot be reverted says so with the marker {@code -- alteration:irreversible} instead of a
 * down section; only comments (the reason) may follow it.
 *
 * <p>This class finds the marker lines and cuts the sections; {@link SectionChecks} checks what
 * each section holds.
 */
public final class SectionParser {
  public static final String UP = "up";
  public static final String DOWN = "down";
  public static final String BEFORE_UP = "before-up";
  public static final String BEFORE_DOWN = "before-down";
  public static final String IRREVERSIBLE = "irreversible";

  private SectionParser() {}

  /**
   * A marker line: where it starts, where it ends (before its line terminator) and its word. It
   * is the pattern {@code ^[ \t]*--[ \t]*alteration:[ \t]*([A-Za-z-]*)[ \t]*$} in multi-line mode,
   * matched by hand (a property test holds it to that pattern): the regular expression cost about
   * a tenth of the time to discover a directory of scripts in a fresh JVM.
   */
  record Marker(int start, int end, String word) {
    /** The first marker line that starts at or after {@code from} in {@code text}, or null. */
    static Marker next(String text, int from) {
      int line = from;
      if (line > 0 && !isLineEnd(text.charAt(line - 1))) {
        line = nextLine(text, line);
      }
      while (line >= 0 && line < text.length()) {
        Marker marker = at(text, line);
        if (marker != null) {
          return marker;
        }
        line = nextLine(text, line);
      }
      return null;
    }

    /** The marker on the line that starts at {@code start}, or null. */
    private static Marker at(String text, int start) {
      int i = blanks(text, start);
      if (!text.startsWith("--", i)) {
        return null;
      }
      i = blanks(text, i + 2);
      if (!text.startsWith("alteration:", i)) {
        return null;
      }
      int wordStart = blanks(text, i + "alteration:".length());
      int wordEnd = wordStart;
      while (wordEnd < text.length() && isWordChar(text.charAt(wordEnd))) {
        wordEnd++;
      }
      int end = blanks(text, wordEnd);
      if (end < text.length() && !isLineEnd(text.charAt(end))) {
        return null;
      }
      return new Marker(start, end, text.substring(wordStart, wordEnd));
    }

    private static int blanks(String text, int from) {
      int i = from;
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    /** Where the line after the one holding {@code from} starts; -1 on the last line. */
    private static int nextLine(String text, int from) {
      for (int i = from; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          return i + 2;
        }
        if (isLineEnd(c)) {
          return i + 1;
        }
      }
      return -1;
    }

    private static boolean isWordChar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-';
    }

    /** The line terminators of Java's regular expressions (the text is normalised: no '\r' in practice). */
    private static boolean isLineEnd(char c) {
      return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
  }

  /** The parsed sections of one file; {@code irreversible} when it carries the irreversible marker. */
  public record Sections(Section up, Optional<Section> down, Optional<Section> beforeUp,
      Optional<Section> beforeDown, boolean irreversible) {}

  /** Normalises file content: drops a leading BOM and turns CRLF and CR into LF. */
  public static String normalise(String content) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  public static Sections parse(String fileName, String rawContent) {
    return parse(fileName, rawContent, null);
  }

  /**
   * {@link #parse(String, String)}, also putting each section's start and end offsets in the
   * normalised content into {@code bounds} (by section name) when it is not null: what
   * {@link AlterationIndex} records, so a checked script's sections can be cut out again unparsed.
   */
  static Sections parse(String fileName, String rawContent, Map<String, int[]> bounds) {
    String content = normalise(rawContent);
    Map<String, Section> sections = new LinkedHashMap<>();
    int previousEnd = -1;
    String previousName = null;
    int previousLine = 0;
    int line = 1;
    int lineCountedTo = 0;
    for (Marker m = Marker.next(content, 0); m != null; m = Marker.next(content, m.end())) {
      String name = m.word().toLowerCase(Locale.ROOT);
      line += countLines(content, lineCountedTo, m.start());
      lineCountedTo = m.start();
      checkKnown(fileName, name, m.word(), line);
      if (previousName == null) {
        SectionChecks.checkPreamble(fileName, content.substring(0, m.start()));
      } else {
        sections.put(previousName, section(content, previousEnd, m.start(), previousLine, previousName, bounds));
      }
      if (sections.containsKey(name) || name.equals(previousName)) {
        throw fail(fileName, "the section '-- alteration:" + name + "' appears twice (again at line "
            + line + ")", "keep one section of each kind");
      }
      previousName = name;
      previousEnd = m.end() + (m.end() < content.length() ? 1 : 0);
      previousLine = line + 1;
    }
    if (previousName == null) {
      throw noMarker(fileName, content);
    }
    sections.put(previousName, section(content, previousEnd, content.length(), previousLine, previousName, bounds));
    return checked(fileName, sections);
  }

  private static void checkKnown(String fileName, String name, String word, int line) {
    if (!name.equals(UP) && !name.equals(DOWN) && !name.equals(BEFORE_UP) && !name.equals(BEFORE_DOWN)
        && !name.equals(IRREVERSIBLE)) {
      throw fail(fileName, "line " + line + " has an unknown marker '-- alteration:" + word
          + "'", "use -- alteration:up, -- alteration:down, -- alteration:before-up, -- alteration:before-down"
          + " or -- alteration:irreversible");
    }
  }

  /** The failure of a file without any marker line. */
  private static LogtoException noMarker(String fileName, String content) {
    if (content.isBlank()) {
      return fail(fileName, "the file is empty", "write its SQL after a '-- alteration:up' line and its revert after '-- alteration:down'");
    }
    return fail(fileName, "it has no '-- alteration:up' marker line",
        "start its SQL with a line '-- alteration:up' and its revert with '-- alteration:down'");
  }

  /** The sections cut from a file, checked ({@link SectionChecks}). */
  private static Sections checked(String fileName, Map<String, Section> sections) {
    Section up = sections.get(UP);
    if (up == null) {
      throw fail(fileName, "it has no '-- alteration:up' section",
          "add the SQL that applies the alteration after a line '-- alteration:up'");
    }
    Map<String, Integer> counts = SectionChecks.checkSplittable(fileName, sections);
    if (counts.get(UP) == 0) {
      throw fail(fileName, "its '-- alteration:up' section is empty",
          "put the SQL that applies the alteration after the '-- alteration:up' line");
    }
    boolean irreversible = SectionChecks.checkIrreversible(fileName, sections);
    return new Sections(up, Optional.ofNullable(sections.get(DOWN)),
        Optional.ofNullable(sections.get(BEFORE_UP)), Optional.ofNullable(sections.get(BEFORE_DOWN)), irreversible);
  }

  private static int countLines(String text, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static Section section(String content, int start, int end, int firstLine, String name,
      Map<String, int[]> bounds) {
    int from = Math.min(start, end);
    if (bounds != null) {
      bounds.put(name, new int[] {from, end});
    }
    return new Section(content.substring(from, end), firstLine);
  }

  static LogtoException fail(String fileName, String problem, String fix) {
    return LogtoException.usage("Alteration " + fileName + " is invalid: " + problem + ". Fix: " + fix + ".");
  }
}
