package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.script.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INVALID index an interrupted or failed {@code CREATE INDEX CONCURRENTLY} leaves behind. A
 * re-run of its {@code before-*} section must not succeed over it ({@code IF NOT EXISTS} looks at
 * the name only and would skip it): before such a statement runs, an INVALID index of the name it
 * creates, on the table it names, is dropped concurrently, so the statement builds it again; after
 * the section, every index it names must be valid, or the run stops with the index's name and the
 * fix. The statement's name and table are read from its text, the validity from the catalogs.
 */
final class ConcurrentIndexes {
  private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
  private static final String QUALIFIED = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
  private static final Pattern CREATE = Pattern.compile("(?is)create\\s+(?:unique\\s+)?index\\s+concurrently\\s+"
      + "(?:if\\s+not\\s+exists\\s+)?(" + QUALIFIED + ")\\s+on\\s+(?:only\\s+)?(" + QUALIFIED + ")");
  private static final String FIND = "select format('%I.%I', n.nspname, c.relname), i.indisvalid from pg_index i"
      + " join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace"
      + " where c.relname = ? and i.indrelid = to_regclass(?)";

  /** An index a statement creates: its name as stored in the catalog, and its table as written. */
  record Built(String name, String table) {}

  private ConcurrentIndexes() {}

  /** The index a {@code CREATE [UNIQUE] INDEX CONCURRENTLY name ON table} statement builds, if it is one. */
  static Optional<Built> parse(String sql) {
    Matcher m = CREATE.matcher(withoutLeadingComments(sql));
    if (!m.lookingAt()) {
      return Optional.empty();
    }
    String name = m.group(1);
    int dot = lastDot(name);
    return Optional.of(new Built(identifier(dot < 0 ? name : name.substring(dot + 1).strip()), m.group(2)));
  }

  /** Drops an INVALID index the statement would otherwise skip or collide with; returns its name. */
  static Optional<String> dropIfInvalid(Connection connection, Built index) throws SQLException {
    Optional<String> invalid = find(connection, index).filter(found -> !found.valid()).map(Found::qualified);
    if (invalid.isPresent()) {
      try (Statement st = connection.createStatement()) {
        st.execute("drop index concurrently if exists " + invalid.get());
      }
    }
    return invalid;
  }

  /** After the section: every index it built must be valid. */
  static void requireValid(Connection connection, Alteration alteration, Direction direction, List<Built> built)
      throws SQLException {
    List<String> invalid = new ArrayList<>();
    for (Built index : built) {
      find(connection, index).filter(found -> !found.valid()).ifPresent(found -> invalid.add(found.qualified()));
    }
    if (!invalid.isEmpty()) {
      throw new LogtoException(ErrorCode.ALTERATION_FAILED, "Index " + String.join(", ", invalid) + " is INVALID after"
          + " the '-- alteration:before-" + direction.word() + "' section of " + alteration.fileName() + " ran, so the"
          + " alteration was not applied. Drop it with DROP INDEX CONCURRENTLY IF EXISTS " + invalid.get(0)
          + "; and run the same command again.");
    }
  }

  private record Found(String qualified, boolean valid) {}

  private static Optional<Found> find(Connection connection, Built index) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(FIND)) {
      ps.setString(1, index.name());
      ps.setString(2, index.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Found(rs.getString(1), rs.getBoolean(2))) : Optional.empty();
      }
    } catch (SQLException e) {
      if ("42602".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return Optional.empty(); // a table name to_regclass cannot read, or an unknown schema: nothing to repair
      }
      throw e;
    }
  }

  /** The catalog form of one identifier: a quoted one unquoted, an unquoted one folded to lower case. */
  static String identifier(String written) {
    if (written.startsWith("\"")) {
      return written.substring(1, written.length() - 1).replace("\"\"", "\"");
    }
    return written.toLowerCase(Locale.ROOT);
  }

  private static int lastDot(String qualified) {
    boolean quoted = false;
    int dot = -1;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        dot = i;
      }
    }
    return dot;
  }

  private static String withoutLeadingComments(String sql) {
    int i = 0;
    while (i < sql.length()) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    return sql.substring(i);
  }

  /** The indexes the statements build. */
  static List<Built> builtBy(List<SqlStatement> statements) {
    List<Built> built = new ArrayList<>();
    for (SqlStatement statement : statements) {
      parse(statement.sql()).ifPresent(built::add);
    }
    return built;
  }
}
