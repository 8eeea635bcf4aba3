package io.logto.db.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How big the relations a hazard touches are on a target database: total size (table, indexes,
 * TOAST) and the planner's row estimate ({@code reltuples}), counted exactly only for a small table
 * never analysed. Only reads, in a read-only transaction the caller's connection is put in and
 * rolled back.
 */
public final class BlastRadius {
  /** Below this size a table never analysed is counted exactly, which costs little. */
  private static final long COUNT_BELOW_BYTES = 16L * 1024 * 1024;

  private static final String SIZE = """
      select c.oid, pg_total_relation_size(c.oid), c.reltuples::bigint, pg_relation_size(c.oid),
        quote_ident(n.nspname) || '.' || quote_ident(c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.oid = to_regclass(?)""";

  private BlastRadius() {}

  /** The lock findings with the size of their object on the target measured; others unchanged. */
  public static List<Finding> measure(Connection target, List<Finding> findings) throws SQLException {
    boolean autoCommit = target.getAutoCommit();
    boolean readOnly = target.isReadOnly();
    target.setAutoCommit(false);
    target.setReadOnly(true);
    try {
      List<Finding> measured = new ArrayList<>();
      for (Finding finding : findings) {
        Optional<String> size = finding.kind().isLock() ? size(target, finding.object()) : Optional.empty();
        measured.add(size.map(finding::withSize).orElse(finding));
      }
      return measured;
    } finally {
      target.rollback();
      target.setReadOnly(readOnly);
      target.setAutoCommit(autoCommit);
    }
  }

  /** {@code users: 2.1 GB, about 14 million rows}, or empty when the relation is not on the target. */
  static Optional<String> size(Connection target, String relation) throws SQLException {
    try (PreparedStatement st = target.prepareStatement(SIZE)) {
      st.setString(1, relation);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long bytes = rs.getLong(2);
        long rows = rs.getLong(3);
        if (rows < 0 && rs.getLong(4) < COUNT_BELOW_BYTES) {
          rows = count(target, rs.getString(5));
        }
        return Optional.of(relation + ": " + bytes(bytes) + ", " + (rows < 0 ? "row count not estimated yet (run"
            + " ANALYZE " + relation + ")" : rows(rows)));
      }
    }
  }

  private static long count(Connection target, String quotedName) throws SQLException {
    try (PreparedStatement st = target.prepareStatement("select count(*) from " + quotedName);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** {@code 2.1 GB}, {@code 840 kB}, {@code 8192 bytes}. */
  public static String bytes(long bytes) {
    String[] units = {"kB", "MB", "GB", "TB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.valueOf(Math.round(value))) + " "
        + units[unit];
  }

  /** {@code about 14 million rows}, {@code 3 rows}. */
  static String rows(long rows) {
    if (rows < 10_000) {
      return rows + (rows == 1 ? " row" : " rows");
    }
    String[] names = {"thousand", "million", "billion"};
    double value = rows;
    int name = -1;
    while (value >= 1000 && name < names.length - 1) {
      value /= 1000;
      name++;
    }
    return "about " + (value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.valueOf(Math.round(value)))
        + " " + names[name] + " rows";
  }
}
