package io.logto.db.analysis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives the analysis rows to observe: a few more rows in each user table of the analysis
 * database, values made up by column type, foreign keys pointing at rows of the referenced table
 * (tables filled in foreign-key order). Each table is filled behind a savepoint, so a table whose
 * rules the made-up values break gets no rows this round and the others still get their rows. Only ever run
 * on an analysis (scratch) database.
 */
final class Seeder {
  static final int ROWS = 3;

  /** A column to fill: its quoted name and the SQL expression of its value for row {@code k}. */
  private record Column(String name, String value) {}

  private static final String COLUMNS = """
      select c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(a.attname),
        format_type(a.atttypid, a.atttypmod), coalesce(bt.typcategory, t.typcategory), coalesce(bt.typname, t.typname),
        (a.atthasdef or a.attidentity <> '' or a.attgenerated <> ''),
        (select quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) || ' ' || quote_ident(ra.attname)
           from pg_constraint f join pg_class rc on rc.oid = f.confrelid
           join pg_namespace rn on rn.oid = rc.relnamespace
           join pg_attribute ra on ra.attrelid = f.confrelid
             and ra.attnum = f.confkey[array_position(f.conkey, a.attnum)]
           where f.contype = 'f' and f.conrelid = c.oid and a.attnum = any(f.conkey) limit 1)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_type t on t.oid = a.atttypid left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
      where c.relkind = 'r' and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
        and c.relname <> 'logto_configs' and c.relname not like 'logto\\_alteration%'
      order by c.oid, a.attnum""";

  private static final String DEPENDENCIES = """
      select conrelid, confrelid from pg_constraint where contype = 'f' and conrelid <> confrelid""";

  private int round;

  /**
   * Adds {@link #ROWS} rows to each user table (so columns added since the last round hold values too)
   * and commits; returns the tables it could not fill.
   */
  List<String> seed(Connection connection) throws SQLException {
    round++;
    Map<Long, String> names = new LinkedHashMap<>();
    Map<Long, List<Column>> columns = new LinkedHashMap<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(COLUMNS)) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        names.put(oid, rs.getString(2));
        List<Column> list = columns.computeIfAbsent(oid, o -> new ArrayList<>());
        if (!rs.getBoolean(7)) {
          String value = rs.getString(8) != null ? reference(rs.getString(8)) : value(rs.getString(5),
              rs.getString(6), rs.getString(4));
          if (value != null) {
            list.add(new Column(rs.getString(3), value));
          }
        }
      }
    }
    List<String> skipped = new ArrayList<>();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      for (long oid : inForeignKeyOrder(connection, names.keySet())) {
        st.execute("savepoint logto_seed");
        try {
          st.execute(insert(names.get(oid), columns.get(oid)));
          st.execute("release savepoint logto_seed");
        } catch (SQLException e) {
          st.execute("rollback to savepoint logto_seed");
          skipped.add(names.get(oid));
        }
      }
      connection.commit();
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return skipped;
  }

  private String insert(String table, List<Column> columns) {
    String guard = " from generate_series(1, " + ROWS + ") k";
    if (columns.isEmpty()) {
      return "insert into " + table + " select" + guard;
    }
    return "insert into " + table + " (" + String.join(", ", columns.stream().map(Column::name).toList())
        + ") select " + String.join(", ", columns.stream().map(Column::value).toList()) + guard;
  }

  /** A value of the referenced column: the k-th newest row of the referenced table (seeded just before it). */
  private static String reference(String tableAndColumn) {
    String table = tableAndColumn.substring(0, tableAndColumn.lastIndexOf(' '));
    String column = tableAndColumn.substring(tableAndColumn.lastIndexOf(' ') + 1);
    return "(select r." + column + " from " + table + " r order by r.ctid desc offset (k - 1) % greatest((select"
        + " count(*) from " + table + "), 1) limit 1)";
  }

  /** A made-up value by type category, distinct per row and round; null (left out) when no safe one is known. */
  private String value(String category, String typeName, String type) {
    String n = "(k + " + (round * 1000) + ")";
    return switch (category) {
      case "S" -> "('v' || " + n + ")::" + type;
      case "N" -> n + "::" + type;
      case "B" -> "true";
      case "D" -> "now()::" + type;
      case "T" -> "'1 hour'::" + type;
      case "E" -> "(enum_range(null::" + type + "))[1]";
      case "A" -> "'{}'::" + type;
      case "I" -> "'127.0.0.1'::" + type;
      case "U" -> switch (typeName) {
        case "json", "jsonb" -> "'{}'::" + type;
        case "uuid" -> "gen_random_uuid()::" + type;
        case "bytea" -> "'\\x00'::" + type;
        default -> null;
      };
      default -> null;
    };
  }

  /** Referenced tables before the tables that reference them (a cycle is broken where it is met). */
  private static List<Long> inForeignKeyOrder(Connection connection, Set<Long> tables) throws SQLException {
    Map<Long, Set<Long>> references = new LinkedHashMap<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(DEPENDENCIES)) {
      while (rs.next()) {
        references.computeIfAbsent(rs.getLong(1), t -> new LinkedHashSet<>()).add(rs.getLong(2));
      }
    }
    Set<Long> ordered = new LinkedHashSet<>();
    for (long table : tables) {
      visit(table, tables, references, ordered, new LinkedHashSet<>());
    }
    return new ArrayList<>(ordered);
  }

  private static void visit(long table, Set<Long> tables, Map<Long, Set<Long>> references, Set<Long> ordered,
      Set<Long> visiting) {
    if (ordered.contains(table) || !tables.contains(table) || !visiting.add(table)) {
      return;
    }
    for (long referenced : references.getOrDefault(table, Set.of())) {
      visit(referenced, tables, references, ordered, visiting);
    }
    ordered.add(table);
  }
}
