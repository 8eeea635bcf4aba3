package io.logto.db.snapshot;

import java.util.Optional;

/**
 * One way a snapshot differs from the expected one: the kind of object it concerns, whether
 * something was added, removed or changed, the object (such as {@code table users}), the part of
 * it ({@code column locale (text)}, {@code column status default}; empty for the object itself)
 * and, for a change, the expected and the found value.
 *
 * <p>{@link #message()} says it in {@code check}'s words, relative to the expected snapshot (an
 * added object "should not exist", a removed one is "missing", a changed attribute "differs:
 * expected X, found Y"); {@link #describe()} says it as a change from the expected snapshot to the
 * found one ({@code column name type: character varying(64) → text}), as {@code diff} prints it.
 */
public record Difference(Kind kind, Change change, String object, String part, Optional<String> expected,
    Optional<String> found) {

  /** The kinds of object a difference concerns, in the order {@code diff} groups them. */
  public enum Kind {
    SCHEMAS, EXTENSIONS, TABLES, COLUMNS, CONSTRAINTS, INDEXES, TYPES, SEQUENCES, VIEWS, FUNCTIONS, TRIGGERS,
    POLICIES, GRANTS;

    /** The group's name in output: {@code tables}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What happened from the expected snapshot to the found one. */
  public enum Change {
    ADDED, REMOVED, CHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Difference {
    part = part == null ? "" : part;
  }

  /**
   * A change as shown: where it starts ({@code ""}, or {@code " at line N"} for a text of several
   * lines such as a function body) and the expected and found text there ({@code none} when
   * absent; for a text of several lines, its first line that differs, {@code (end)} past its end).
   */
  public record Shown(String where, String before, String after) {
    static Shown of(String expected, String found) {
      String e = expected == null ? "none" : expected.strip();
      String f = found == null ? "none" : found.strip();
      if (!e.contains("\n") && !f.contains("\n")) {
        return new Shown("", e, f);
      }
      String[] el = e.split("\n", -1);
      String[] fl = f.split("\n", -1);
      int line = 0;
      while (line < el.length && line < fl.length && el[line].strip().equals(fl[line].strip())) {
        line++;
      }
      return new Shown(" at line " + (line + 1), line < el.length ? el[line].strip() : "(end)",
          line < fl.length ? fl[line].strip() : "(end)");
    }
  }

  /** For a change, what it looks like shown; empty for an added or removed object or part. */
  public Optional<Shown> shown() {
    return change == Change.CHANGED ? Optional.of(Shown.of(expected.orElse(null), found.orElse(null)))
        : Optional.empty();
  }

  static Difference added(Kind kind, String object, String part) {
    return new Difference(kind, Change.ADDED, object, part, Optional.empty(), Optional.empty());
  }

  static Difference removed(Kind kind, String object, String part) {
    return new Difference(kind, Change.REMOVED, object, part, Optional.empty(), Optional.empty());
  }

  static Difference changed(Kind kind, String object, String part, String expected, String found) {
    return new Difference(kind, Change.CHANGED, object, part, Optional.ofNullable(expected),
        Optional.ofNullable(found));
  }

  /** In {@code check}'s words: {@code column locale (text) should not exist}. */
  public String message() {
    String prefix = part.isEmpty() ? "" : part + " ";
    return switch (change) {
      case ADDED -> prefix + "should not exist";
      case REMOVED -> prefix + "missing";
      case CHANGED -> prefix + "differs" + SnapshotDiff.expectedFound(expected.orElse(null), found.orElse(null));
    };
  }

  /**
   * As a change from the expected snapshot to the found one, without the verb: {@code table users:
   * column locale (text)} for an added or removed part, {@code table users: column name type:
   * character varying(64) → text} for a changed one (for a text of several lines, such as a function
   * body, its first line that differs: {@code definition at line 3: return new → return null}).
   */
  public String describe() {
    String subject = part.isEmpty() ? object : object + ": " + part;
    if (change != Change.CHANGED) {
      return subject;
    }
    Shown shown = shown().orElseThrow();
    return subject + shown.where() + ": " + shown.before() + " \u2192 " + shown.after();
  }

  @Override
  public String toString() {
    return object + ": " + message();
  }
}
