package io.logto.db.state;

import io.logto.db.error.LogtoException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns and unique keys of a state table, read from the catalogs in one round trip, and the
 * judgement whether the state row can live there: a text {@code key} that is the whole of a primary
 * key or unique index (the row is written with {@code on conflict (key)}), a {@code jsonb}
 * {@code value}, and no other column that must be given a value. Logto's own
 * {@code logto_configs(tenant_id, key, value)} with primary key {@code (tenant_id, key)} is not one.
 */
record TableShape(boolean exists, List<Column> columns, List<Key> keys) {
  /** A column: its type as {@code format_type} prints it; required when not null without a default. */
  record Column(String name, String type, boolean notNull, boolean required) {
    String describe() {
      return name + " " + type + (notNull ? " not null" : "");
    }
  }

  /** A primary key or unique index: its columns; plain when it has neither a predicate nor expressions. */
  record Key(boolean primary, String columns, boolean plain) {
    String describe() {
      return (primary ? "primary key (" : "unique (") + columns + ")" + (plain ? "" : " (partial or on expressions)");
    }
  }

  // the table's existence is read from pg_class, like its columns and keys, under the statement's
  // snapshot: to_regclass alone sees the catalog as of now, so a table another deployer just
  // created looked like a table without columns to a repeatable-read reader
  private static final String QUERY = """
      select 0 as kind, 0 as ord, null as name, null as type, false as a, false as b
        from pg_class c where c.oid = to_regclass(?)
      union all
      select 1, a.attnum, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
             a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = ''
        from pg_attribute a where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped
      union all
      select 2, case when i.indisprimary then 0 else 1 end,
             (select string_agg(a.attname::text, ', ' order by k.n) from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum),
             null, i.indisprimary, i.indpred is null and i.indexprs is null
        from pg_index i where i.indrelid = to_regclass(?) and i.indisunique
      order by 1, 2, 3
      """;

  TableShape {
    columns = List.copyOf(columns);
    keys = List.copyOf(keys);
  }

  /** The shape of {@code sqlName} (as SQL names it), or one that does not exist. */
  static TableShape of(Connection connection, String sqlName) throws SQLException {
    boolean exists = false;
    List<Column> columns = new ArrayList<>();
    List<Key> keys = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(QUERY)) {
      for (int i = 1; i <= 3; i++) {
        ps.setString(i, sqlName);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          switch (rs.getInt(1)) {
            case 0 -> exists = true;
            case 1 -> columns.add(new Column(rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6)));
            default -> keys.add(new Key(rs.getBoolean(5), rs.getString(3), rs.getBoolean(6)));
          }
        }
      }
    }
    return new TableShape(exists, columns, keys);
  }

  /** True when the state row can be read and written here (see the class comment). */
  boolean fits() {
    boolean key = columns.stream().anyMatch(c -> c.name().equals("key")
        && (c.type().equals("text") || c.type().startsWith("character varying")));
    boolean value = columns.stream().anyMatch(c -> c.name().equals("value") && c.type().equals("jsonb"));
    boolean unique = keys.stream().anyMatch(k -> k.plain() && k.columns().equals("key"));
    boolean othersOptional = columns.stream()
        .noneMatch(c -> c.required() && !c.name().equals("key") && !c.name().equals("value"));
    return key && value && unique && othersOptional;
  }

  /** Throws a usage error naming {@code table}, its shape, the shape needed and the fix, unless it {@link #fits}. */
  void requireStateTable(String table) {
    if (fits()) {
      return;
    }
    boolean logtoTenantTable = columns.stream().anyMatch(c -> c.name().equals("tenant_id"));
    String fix = logtoTenantTable
        ? "This looks like the per-tenant " + table + " of a database created by Logto, which keeps the alteration"
            + " state in the table systems: pass --state-table systems (or set LOGTO_STATE_TABLE=systems)."
        : "Point logto at a table of that shape with --state-table NAME (or LOGTO_STATE_TABLE; a missing table is"
            + " created), e.g. --state-table systems for a database created by Logto.";
    throw LogtoException.usage("The state table " + table + " does not have the shape logto keeps its state row in: it"
        + " has " + describe() + ", but logto needs (key text primary key, value jsonb) and no other column that"
        + " must be filled. " + fix + " Nothing was changed.");
  }

  /** {@code columns (a int not null, b text) and primary key (a)}, as the message shows the table. */
  String describe() {
    String columnList = columns.stream().map(Column::describe).collect(Collectors.joining(", "));
    String keyList = keys.isEmpty() ? "no primary key or unique index"
        : keys.stream().map(Key::describe).collect(Collectors.joining(", "));
    return "columns (" + columnList + ") and " + keyList;
  }
}
