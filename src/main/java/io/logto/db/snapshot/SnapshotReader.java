package io.logto.db.snapshot;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a {@link Snapshot} from the catalogs of the connected database, so no client binary is
 * needed. Definitions come from the server's own deparsers ({@code pg_get_constraintdef},
 * {@code pg_get_indexdef}, {@code pg_get_viewdef}, {@code pg_get_functiondef},
 * {@code pg_get_triggerdef}), so two databases built the same way print the same text. Left out:
 * system schemas, objects that belong to an extension, functions the server made itself (range
 * constructors), and the tool's own tables
 * ({@code logto_configs}, tables named {@code logto_alteration*}) with everything attached to them.
 */
public final class SnapshotReader {
  private static final String USER_SCHEMA = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'";
  private static final String TOOL_TABLES = "('logto_configs', 'logto_alteration')";

  private SnapshotReader() {}

  /** Reads the snapshot; run it in one (read-only) transaction for a consistent picture. */
  public static Snapshot read(Connection connection) throws SQLException {
    Map<Long, TableBuilder> tables = tables(connection);
    return new Snapshot(schemas(connection), extensions(connection), types(connection), sequences(connection),
        build(connection, tables), views(connection), indexes(connection), routines(connection));
  }

  private static String notExtensionMember(String catalog, String oid) {
    return "not exists (select 1 from pg_depend x where x.classid = '" + catalog + "'::regclass and x.objid = "
        + oid + " and x.deptype = 'e')";
  }

  private static String notToolTable(String relname) {
    return relname + " <> 'logto_configs' and left(" + relname + ", 16) <> 'logto_alteration'";
  }

  /** The user's tables, as a CTE named {@code tbl(oid)}. */
  private static final String TABLES = "with tbl as (select c.oid from pg_class c join pg_namespace n"
      + " on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'f') and " + USER_SCHEMA + " and "
      + notExtensionMember("pg_class", "c.oid") + " and " + notToolTable("c.relname") + ") ";

  static String qualify(String schema, String name) {
    return schema.equals("public") ? name : schema + "." + name;
  }

  private static SortedMap<String, Snapshot.Schema> schemas(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Schema> schemas = new TreeMap<>();
    query(connection, "select n.nspname, obj_description(n.oid, 'pg_namespace'),"
        + " coalesce(n.nspacl, acldefault('n', n.nspowner))::text[] from pg_namespace n where " + USER_SCHEMA
        + " and " + notExtensionMember("pg_namespace", "n.oid"), rs -> {
          String name = rs.getString(1);
          schemas.put(name, new Snapshot.Schema(name, optional(rs, 2), grants(rs, 3)));
        });
    return schemas;
  }

  private static SortedMap<String, Snapshot.Extension> extensions(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Extension> extensions = new TreeMap<>();
    query(connection, "select e.extname, e.extversion, n.nspname from pg_extension e"
        + " join pg_namespace n on n.oid = e.extnamespace", rs -> extensions.put(rs.getString(1),
            new Snapshot.Extension(rs.getString(1), rs.getString(2), rs.getString(3))));
    return extensions;
  }

  private static SortedMap<String, Snapshot.Type> types(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Type> types = new TreeMap<>();
    query(connection, """
        select n.nspname, t.typname, t.typtype,
          case t.typtype
            when 'd' then format_type(t.typbasetype, t.typtypmod)
              || case when t.typnotnull then ' NOT NULL' else '' end
              || coalesce(' DEFAULT ' || t.typdefault, '')
              || coalesce((select ' ' || string_agg('CONSTRAINT ' || quote_ident(c.conname) || ' '
                  || pg_get_constraintdef(c.oid, true), ' ' order by c.conname)
                  from pg_constraint c where c.contypid = t.oid and c.contype <> 'n'), '')
            when 'c' then (select '(' || string_agg(quote_ident(a.attname) || ' '
                || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum) || ')'
                from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
            when 'r' then (select 'subtype ' || format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid)
            else '' end,
          array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder),
          obj_description(t.oid, 'pg_type'),
          coalesce(t.typacl, acldefault('T', t.typowner))::text[]
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where t.typtype in ('b', 'c', 'd', 'e', 'r')
          and (t.typtype <> 'c' or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
          and not exists (select 1 from pg_type el where el.typarray = t.oid) and\s"""
        + USER_SCHEMA + " and " + notExtensionMember("pg_type", "t.oid"), rs -> {
          String name = qualify(rs.getString(1), rs.getString(2));
          types.put(name, new Snapshot.Type(name, typeKind(rs.getString(3)), rs.getString(4), strings(rs, 5),
              optional(rs, 6), grants(rs, 7)));
        });
    return types;
  }

  private static String typeKind(String typtype) {
    return switch (typtype) {
      case "e" -> "enum";
      case "d" -> "domain";
      case "c" -> "composite";
      case "r" -> "range";
      default -> "base";
    };
  }

  private static SortedMap<String, Snapshot.Sequence> sequences(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Sequence> sequences = new TreeMap<>();
    query(connection, """
        select n.nspname, c.relname, format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin,
          s.seqmax, s.seqcache, s.seqcycle, tn.nspname, t.relname, a.attname, obj_description(c.oid, 'pg_class'),
          coalesce(c.relacl, acldefault('s', c.relowner))::text[]
        from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
          left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = c.oid
            and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
          left join pg_class t on t.oid = d.refobjid left join pg_namespace tn on tn.oid = t.relnamespace
          left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where\s""" + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid") + " and "
        + notToolTable("c.relname") + " and (t.relname is null or " + notToolTable("t.relname") + ")", rs -> {
          String name = qualify(rs.getString(1), rs.getString(2));
          Optional<String> owner = rs.getString(11) == null ? Optional.empty()
              : Optional.of(qualify(rs.getString(10), rs.getString(11)) + "." + rs.getString(12));
          sequences.put(name, new Snapshot.Sequence(name, rs.getString(3), rs.getLong(4), rs.getLong(5),
              rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), owner, optional(rs, 13),
              grants(rs, 14)));
        });
    return sequences;
  }

  /** A table (its own attributes, no parts yet) while its parts are read. */
  private static final class TableBuilder {
    final Snapshot.Table header;
    final SortedMap<String, Snapshot.Column> columns = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> constraints = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> triggers = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> policies = new TreeMap<>();

    TableBuilder(Snapshot.Table header) {
      this.header = header;
    }
  }

  private static Map<Long, TableBuilder> tables(Connection connection) throws SQLException {
    Map<Long, TableBuilder> tables = new HashMap<>();
    query(connection, TABLES + """
        select c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 'u', c.relrowsecurity,
          c.relforcerowsecurity, coalesce(c.reloptions, '{}')::text[],
          case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
          case when c.relispartition then (select i.inhparent::regclass::text from pg_inherits i
            where i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) end,
          array(select i.inhparent::regclass::text from pg_inherits i where i.inhrelid = c.oid
            and not c.relispartition order by i.inhseqno),
          obj_description(c.oid, 'pg_class'), coalesce(c.relacl, acldefault('r', c.relowner))::text[]
        from pg_class c join tbl on tbl.oid = c.oid join pg_namespace n on n.oid = c.relnamespace""", rs -> {
          String kind = switch (rs.getString(4)) {
            case "p" -> "partitioned table";
            case "f" -> "foreign table";
            default -> "table";
          };
          tables.put(rs.getLong(1), new TableBuilder(new Snapshot.Table(qualify(rs.getString(2), rs.getString(3)),
              kind, rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), strings(rs, 8), optional(rs, 9),
              optional(rs, 10), strings(rs, 11), optional(rs, 12), grants(rs, 13), new TreeMap<>(), new TreeMap<>(),
              new TreeMap<>(), new TreeMap<>())));
        });
    return tables;
  }

  private static SortedMap<String, Snapshot.Table> build(Connection connection, Map<Long, TableBuilder> tables)
      throws SQLException {
    columns(connection, tables);
    query(connection, TABLES + "select co.conrelid, co.conname, pg_get_constraintdef(co.oid, true),"
        + " obj_description(co.oid, 'pg_constraint') from pg_constraint co join tbl on tbl.oid = co.conrelid"
        + " where co.contype <> 'n'", rs -> tables.get(rs.getLong(1)).constraints.put(rs.getString(2),
            new Snapshot.Part(rs.getString(3), optional(rs, 4))));
    query(connection, TABLES + "select t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled,"
        + " obj_description(t.oid, 'pg_trigger') from pg_trigger t join tbl on tbl.oid = t.tgrelid"
        + " where not t.tgisinternal", rs -> tables.get(rs.getLong(1)).triggers.put(rs.getString(2),
            new Snapshot.Part(rs.getString(3) + triggerState(rs.getString(4)), optional(rs, 5))));
    query(connection, TABLES + """
        select p.polrelid, p.polname,
          'AS ' || case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end
          || ' FOR ' || case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
            when 'd' then 'DELETE' else 'ALL' end
          || ' TO ' || (select string_agg(role, ', ' order by role) from (select case when r = 0 then 'public'
            else quote_ident(pg_get_userbyid(r)) end as role from unnest(p.polroles) r) roles)
          || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
          || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
          obj_description(p.oid, 'pg_policy')
        from pg_policy p join tbl on tbl.oid = p.polrelid""", rs -> tables.get(rs.getLong(1)).policies.put(
            rs.getString(2), new Snapshot.Part(rs.getString(3), optional(rs, 4))));
    SortedMap<String, Snapshot.Table> result = new TreeMap<>();
    for (TableBuilder t : tables.values()) {
      Snapshot.Table h = t.header;
      result.put(h.name(), new Snapshot.Table(h.name(), h.kind(), h.unlogged(), h.rowSecurity(),
          h.forceRowSecurity(), h.options(), h.partitionKey(), h.partitionOf(), h.inherits(), h.comment(),
          h.grants(), t.columns, t.constraints, t.triggers, t.policies));
    }
    return result;
  }

  private static String triggerState(String tgenabled) {
    return switch (tgenabled) {
      case "D" -> " (disabled)";
      case "R" -> " (enabled on replicas only)";
      case "A" -> " (enabled always)";
      default -> "";
    };
  }

  private static void columns(Connection connection, Map<Long, TableBuilder> tables) throws SQLException {
    Map<Long, Integer> positions = new HashMap<>();
    query(connection, TABLES + """
        select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
          case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end,
          case a.attidentity when 'a' then 'always' when 'd' then 'by default' end,
          case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end,
          case when a.attcollation <> t.typcollation then (select co.collname from pg_collation co
            where co.oid = a.attcollation) end,
          col_description(a.attrelid, a.attnum), coalesce(a.attacl, '{}')::text[]
        from pg_attribute a join tbl on tbl.oid = a.attrelid join pg_type t on t.oid = a.atttypid
          left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attnum > 0 and not a.attisdropped
        order by a.attrelid, a.attnum""", rs -> {
          long table = rs.getLong(1);
          int position = positions.merge(table, 1, Integer::sum);
          String name = rs.getString(2);
          tables.get(table).columns.put(name, new Snapshot.Column(name, position, rs.getString(3), rs.getBoolean(4),
              optional(rs, 5), optional(rs, 6), optional(rs, 7), optional(rs, 8), optional(rs, 9), grants(rs, 10)));
        });
  }

  private static SortedMap<String, Snapshot.View> views(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.View> views = new TreeMap<>();
    query(connection, "select n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true),"
        + " coalesce(c.reloptions, '{}')::text[], obj_description(c.oid, 'pg_class'),"
        + " coalesce(c.relacl, acldefault('r', c.relowner))::text[] from pg_class c"
        + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and " + USER_SCHEMA
        + " and " + notExtensionMember("pg_class", "c.oid") + " and " + notToolTable("c.relname"), rs -> {
          String name = qualify(rs.getString(1), rs.getString(2));
          views.put(name, new Snapshot.View(name, rs.getBoolean(3), rs.getString(4), strings(rs, 5),
              optional(rs, 6), grants(rs, 7)));
        });
    return views;
  }

  private static SortedMap<String, Snapshot.Index> indexes(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Index> indexes = new TreeMap<>();
    query(connection, """
        select n.nspname, ic.relname, tn.nspname, tc.relname, pg_get_indexdef(i.indexrelid), i.indisvalid,
          obj_description(ic.oid, 'pg_class')
        from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = ic.relnamespace
          join pg_class tc on tc.oid = i.indrelid join pg_namespace tn on tn.oid = tc.relnamespace
        where not exists (select 1 from pg_constraint co where co.conindid = i.indexrelid
            and co.conrelid = i.indrelid and co.contype in ('p', 'u', 'x')) and\s"""
        + USER_SCHEMA + " and " + notExtensionMember("pg_class", "tc.oid") + " and "
        + notToolTable("tc.relname"), rs -> {
          String name = qualify(rs.getString(1), rs.getString(2));
          indexes.put(name, new Snapshot.Index(name, qualify(rs.getString(3), rs.getString(4)), rs.getString(5),
              rs.getBoolean(6), optional(rs, 7)));
        });
    return indexes;
  }

  private static SortedMap<String, Snapshot.Routine> routines(Connection connection) throws SQLException {
    SortedMap<String, Snapshot.Routine> routines = new TreeMap<>();
    query(connection, """
        select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
          case when p.prokind = 'a' then (select 'SFUNC ' || a.aggtransfn::text || ' STYPE '
              || format_type(a.aggtranstype, null)
              || case when a.aggfinalfn::oid <> 0 then ' FINALFUNC ' || a.aggfinalfn::text else '' end
              || coalesce(' INITCOND ' || a.agginitval, '') from pg_aggregate a where a.aggfnoid = p.oid)
            else pg_get_functiondef(p.oid) end,
          obj_description(p.oid, 'pg_proc'), coalesce(p.proacl, acldefault('f', p.proowner))::text[]
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
            and d.deptype = 'i') and\s""" + USER_SCHEMA + " and " + notExtensionMember("pg_proc", "p.oid"), rs -> {
          String signature = qualify(rs.getString(1), rs.getString(2)) + "(" + rs.getString(3) + ")";
          String kind = switch (rs.getString(4)) {
            case "p" -> "procedure";
            case "a" -> "aggregate";
            case "w" -> "window function";
            default -> "function";
          };
          routines.put(signature, new Snapshot.Routine(signature, kind, rs.getString(5), optional(rs, 6),
              grants(rs, 7)));
        });
    return routines;
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(Connection connection, String sql, RowReader reader) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        reader.read(rs);
      }
    }
  }

  private static Optional<String> optional(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  private static List<String> strings(ResultSet rs, int column) throws SQLException {
    Array array = rs.getArray(column);
    if (array == null) {
      return List.of();
    }
    try {
      return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    } finally {
      array.free();
    }
  }

  private static Grants grants(ResultSet rs, int column) throws SQLException {
    return Grants.parse(strings(rs, column));
  }
}
