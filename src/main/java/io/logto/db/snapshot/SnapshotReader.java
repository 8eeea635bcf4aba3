package io.logto.db.snapshot;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
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
 *
 * <p>The snapshot is read by a fixed list of catalog queries ({@link #QUERIES}) whose rows name
 * objects, never by OID, and whose grants leave out the grantor. Every read sets {@code search_path}
 * to {@code public} first: the deparsers qualify names by what is visible on it, and two databases
 * read by sessions with different search paths must print the same text.
 */
public final class SnapshotReader {
  private static final String USER_SCHEMA = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'";
  /** The statement that makes the deparsers' output independent of the session's search path. */
  private static final String SEARCH_PATH = "select pg_catalog.set_config('search_path', 'public', true)";

  private SnapshotReader() {}

  /**
   * Reads the snapshot of {@code database} in a read-only transaction; a failure is a
   * {@link ErrorCode#DATABASE} error that names the database.
   */
  public static Snapshot read(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      return Transactions.readOnly(connection, SnapshotReader::read);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the schema of " + database.description() + ": "
          + SqlErrors.oneLine(e) + ".", e);
    }
  }

  /**
   * Reads the snapshot. Run it in a (read-only) transaction: the statements see one picture, and
   * the search path set for the read ends with the transaction.
   */
  public static Snapshot read(Connection connection) throws SQLException {
    Builder builder = new Builder();
    try (Statement st = connection.createStatement()) {
      st.execute(SEARCH_PATH);
    }
    for (Query query : QUERIES) {
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query.sql())) {
        while (rs.next()) {
          query.reader().read(rs, builder);
        }
      }
    }
    return builder.build();
  }

  private static String notExtensionMember(String catalog, String oid) {
    return "not exists (select 1 from pg_depend x where x.classid = '" + catalog + "'::regclass and x.objid = "
        + oid + " and x.deptype = 'e')";
  }

  private static String notToolTable(String relname) {
    return relname + " <> 'logto_configs' and left(" + relname + ", 16) <> 'logto_alteration'";
  }

  /** SQL for the name of a relation, qualified unless it is in {@code public} (as {@link #qualify}). */
  private static String qualified(String namespace, String relname) {
    return "case when " + namespace + " = 'public' then " + relname + "::text else " + namespace + " || '.' || "
        + relname + " end";
  }

  /**
   * Two columns: an ACL as text items {@code grantee=privileges}, sorted, with the default ACL for
   * none and the grantor left out (neither is compared); and the owner's name, which
   * {@link #grants} shows as {@link Grants#OWNER}, so databases whose objects belong to different
   * roles compare equal.
   */
  private static String acl(String acl, String kind, String owner) {
    return "array(select regexp_replace(a::text, '/[^/]*$', '') from unnest(coalesce(" + acl + ", acldefault('"
        + kind + "', " + owner + "))) a order by 1), pg_get_userbyid(" + owner + ")";
  }

  /** The user's tables, as a CTE named {@code tbl(oid, name)}. */
  private static final String TABLES = "with tbl as (select c.oid, " + qualified("n.nspname", "c.relname")
      + " as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'f')"
      + " and " + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid") + " and "
      + notToolTable("c.relname") + ") ";

  static String qualify(String schema, String name) {
    return schema.equals("public") ? name : schema + "." + name;
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs, Builder builder) throws SQLException;
  }

  /** One catalog query and what a row of it adds to the snapshot. */
  private record Query(String sql, RowReader reader) {}

  /** The snapshot's objects while their rows are read. Tables come first, then their parts. */
  private static final class Builder {
    final SortedMap<String, Snapshot.Schema> schemas = new TreeMap<>();
    final SortedMap<String, Snapshot.Extension> extensions = new TreeMap<>();
    final SortedMap<String, Snapshot.Type> types = new TreeMap<>();
    final SortedMap<String, Snapshot.Sequence> sequences = new TreeMap<>();
    final Map<String, TableBuilder> tables = new HashMap<>();
    final Map<String, Integer> positions = new HashMap<>();
    final SortedMap<String, Snapshot.View> views = new TreeMap<>();
    final SortedMap<String, Snapshot.Index> indexes = new TreeMap<>();
    final SortedMap<String, Snapshot.Routine> routines = new TreeMap<>();

    Snapshot build() {
      SortedMap<String, Snapshot.Table> result = new TreeMap<>();
      for (TableBuilder t : tables.values()) {
        Snapshot.Table h = t.header;
        result.put(h.name(), new Snapshot.Table(h.name(), h.kind(), h.unlogged(), h.rowSecurity(),
            h.forceRowSecurity(), h.options(), h.partitionKey(), h.partitionOf(), h.inherits(), h.comment(),
            h.grants(), t.columns, t.constraints, t.triggers, t.policies));
      }
      return new Snapshot(schemas, extensions, types, sequences, result, views, indexes, routines);
    }
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

  private static final List<Query> QUERIES = List.of(
      new Query("select n.nspname, obj_description(n.oid, 'pg_namespace'), " + acl("n.nspacl", "n", "n.nspowner")
          + " from pg_namespace n where " + USER_SCHEMA + " and " + notExtensionMember("pg_namespace", "n.oid"),
          (rs, b) -> {
            String name = rs.getString(1);
            b.schemas.put(name, new Snapshot.Schema(name, optional(rs, 2), grants(rs, 3)));
          }),
      new Query("select e.extname, e.extversion, n.nspname from pg_extension e"
          + " join pg_namespace n on n.oid = e.extnamespace", (rs, b) -> b.extensions.put(rs.getString(1),
              new Snapshot.Extension(rs.getString(1), rs.getString(2), rs.getString(3)))),
      new Query("""
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
              when 'r' then (select 'subtype ' || format_type(r.rngsubtype, null) from pg_range r
                  where r.rngtypid = t.oid)
              else '' end,
            array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder),
            obj_description(t.oid, 'pg_type'),\s""" + acl("t.typacl", "T", "t.typowner") + """
          
          from pg_type t join pg_namespace n on n.oid = t.typnamespace
          where t.typtype in ('b', 'c', 'd', 'e', 'r')
            and (t.typtype <> 'c' or exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
            and not exists (select 1 from pg_type el where el.typarray = t.oid) and\s"""
          + USER_SCHEMA + " and " + notExtensionMember("pg_type", "t.oid"), (rs, b) -> {
            String name = qualify(rs.getString(1), rs.getString(2));
            b.types.put(name, new Snapshot.Type(name, typeKind(rs.getString(3)), rs.getString(4), strings(rs, 5),
                optional(rs, 6), grants(rs, 7)));
          }),
      new Query("""
          select n.nspname, c.relname, format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin,
            s.seqmax, s.seqcache, s.seqcycle, tn.nspname, t.relname, a.attname, obj_description(c.oid, 'pg_class'),
          \s""" + acl("c.relacl", "s", "c.relowner") + """
          
          from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
            left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = c.oid
              and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
            left join pg_class t on t.oid = d.refobjid left join pg_namespace tn on tn.oid = t.relnamespace
            left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
          where\s""" + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid") + " and "
          + notToolTable("c.relname") + " and (t.relname is null or " + notToolTable("t.relname") + ")", (rs, b) -> {
            String name = qualify(rs.getString(1), rs.getString(2));
            Optional<String> owner = rs.getString(11) == null ? Optional.empty()
                : Optional.of(qualify(rs.getString(10), rs.getString(11)) + "." + rs.getString(12));
            b.sequences.put(name, new Snapshot.Sequence(name, rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), owner, optional(rs, 13),
                grants(rs, 14)));
          }),
      new Query(TABLES + """
          select tbl.name, c.relkind, c.relpersistence = 'u', c.relrowsecurity,
            c.relforcerowsecurity, coalesce(c.reloptions, '{}')::text[],
            case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
            case when c.relispartition then (select i.inhparent::regclass::text from pg_inherits i
              where i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) end,
            array(select i.inhparent::regclass::text from pg_inherits i where i.inhrelid = c.oid
              and not c.relispartition order by i.inhseqno),
            obj_description(c.oid, 'pg_class'),\s""" + acl("c.relacl", "r", "c.relowner")
          + " from pg_class c join tbl on tbl.oid = c.oid", (rs, b) -> {
            String kind = switch (rs.getString(2)) {
              case "p" -> "partitioned table";
              case "f" -> "foreign table";
              default -> "table";
            };
            String name = rs.getString(1);
            b.tables.put(name, new TableBuilder(new Snapshot.Table(name, kind, rs.getBoolean(3), rs.getBoolean(4),
                rs.getBoolean(5), strings(rs, 6), optional(rs, 7), optional(rs, 8), strings(rs, 9), optional(rs, 10),
                grants(rs, 11), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>())));
          }),
      new Query(TABLES + """
          select tbl.name, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
            case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end,
            case a.attidentity when 'a' then 'always' when 'd' then 'by default' end,
            case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end,
            case when a.attcollation <> t.typcollation then (select co.collname from pg_collation co
              where co.oid = a.attcollation) end,
            col_description(a.attrelid, a.attnum),
            array(select regexp_replace(x::text, '/[^/]*$', '') from unnest(a.attacl) x order by 1),
            (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = a.attrelid)
          from pg_attribute a join tbl on tbl.oid = a.attrelid join pg_type t on t.oid = a.atttypid
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
          where a.attnum > 0 and not a.attisdropped
          order by a.attrelid, a.attnum""", (rs, b) -> {
            String table = rs.getString(1);
            int position = b.positions.merge(table, 1, Integer::sum);
            String name = rs.getString(2);
            b.tables.get(table).columns.put(name, new Snapshot.Column(name, position, rs.getString(3),
                rs.getBoolean(4), optional(rs, 5), optional(rs, 6), optional(rs, 7), optional(rs, 8), optional(rs, 9),
                grants(rs, 10)));
          }),
      new Query(TABLES + "select tbl.name, co.conname, pg_get_constraintdef(co.oid, true),"
          + " obj_description(co.oid, 'pg_constraint') from pg_constraint co join tbl on tbl.oid = co.conrelid"
          + " where co.contype <> 'n'", (rs, b) -> b.tables.get(rs.getString(1)).constraints.put(rs.getString(2),
              new Snapshot.Part(rs.getString(3), optional(rs, 4)))),
      new Query(TABLES + "select tbl.name, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled,"
          + " obj_description(t.oid, 'pg_trigger') from pg_trigger t join tbl on tbl.oid = t.tgrelid"
          + " where not t.tgisinternal", (rs, b) -> b.tables.get(rs.getString(1)).triggers.put(rs.getString(2),
              new Snapshot.Part(rs.getString(3) + triggerState(rs.getString(4)), optional(rs, 5)))),
      new Query(TABLES + """
          select tbl.name, p.polname,
            'AS ' || case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end
            || ' FOR ' || case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
              when 'd' then 'DELETE' else 'ALL' end
            || ' TO ' || (select string_agg(role, ', ' order by role) from (select case when r = 0 then 'public'
              else quote_ident(pg_get_userbyid(r)) end as role from unnest(p.polroles) r) roles)
            || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
            || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
            obj_description(p.oid, 'pg_policy')
          from pg_policy p join tbl on tbl.oid = p.polrelid""", (rs, b) -> b.tables.get(rs.getString(1)).policies
              .put(rs.getString(2), new Snapshot.Part(rs.getString(3), optional(rs, 4)))),
      new Query("select n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true),"
          + " coalesce(c.reloptions, '{}')::text[], obj_description(c.oid, 'pg_class'), "
          + acl("c.relacl", "r", "c.relowner") + " from pg_class c"
          + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and " + USER_SCHEMA
          + " and " + notExtensionMember("pg_class", "c.oid") + " and " + notToolTable("c.relname"), (rs, b) -> {
            String name = qualify(rs.getString(1), rs.getString(2));
            b.views.put(name, new Snapshot.View(name, rs.getBoolean(3), rs.getString(4), strings(rs, 5),
                optional(rs, 6), grants(rs, 7)));
          }),
      new Query("""
          select n.nspname, ic.relname, tn.nspname, tc.relname, pg_get_indexdef(i.indexrelid), i.indisvalid,
            obj_description(ic.oid, 'pg_class')
          from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = ic.relnamespace
            join pg_class tc on tc.oid = i.indrelid join pg_namespace tn on tn.oid = tc.relnamespace
          where not exists (select 1 from pg_constraint co where co.conindid = i.indexrelid
              and co.conrelid = i.indrelid and co.contype in ('p', 'u', 'x')) and\s"""
          + USER_SCHEMA + " and " + notExtensionMember("pg_class", "tc.oid") + " and "
          + notToolTable("tc.relname"), (rs, b) -> {
            String name = qualify(rs.getString(1), rs.getString(2));
            b.indexes.put(name, new Snapshot.Index(name, qualify(rs.getString(3), rs.getString(4)), rs.getString(5),
                rs.getBoolean(6), optional(rs, 7)));
          }),
      new Query("""
          select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
            case when p.prokind = 'a' then (select 'SFUNC ' || a.aggtransfn::text || ' STYPE '
                || format_type(a.aggtranstype, null)
                || case when a.aggfinalfn::oid <> 0 then ' FINALFUNC ' || a.aggfinalfn::text else '' end
                || coalesce(' INITCOND ' || a.agginitval, '') from pg_aggregate a where a.aggfnoid = p.oid)
              else pg_get_functiondef(p.oid) end,
            obj_description(p.oid, 'pg_proc'),\s""" + acl("p.proacl", "f", "p.proowner") + """
          
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
              and d.deptype = 'i') and\s""" + USER_SCHEMA + " and " + notExtensionMember("pg_proc", "p.oid"),
          (rs, b) -> {
            String signature = qualify(rs.getString(1), rs.getString(2)) + "(" + rs.getString(3) + ")";
            String kind = switch (rs.getString(4)) {
              case "p" -> "procedure";
              case "a" -> "aggregate";
              case "w" -> "window function";
              default -> "function";
            };
            b.routines.put(signature, new Snapshot.Routine(signature, kind, rs.getString(5), optional(rs, 6),
                grants(rs, 7)));
          }));

  private static String typeKind(String typtype) {
    return switch (typtype) {
      case "e" -> "enum";
      case "d" -> "domain";
      case "c" -> "composite";
      case "r" -> "range";
      default -> "base";
    };
  }

  private static String triggerState(String tgenabled) {
    return switch (tgenabled) {
      case "D" -> " (disabled)";
      case "R" -> " (enabled on replicas only)";
      case "A" -> " (enabled always)";
      default -> "";
    };
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

  /** The grants in column {@code column}, their owner's name in the next. */
  private static Grants grants(ResultSet rs, int column) throws SQLException {
    return Grants.parse(strings(rs, column), rs.getString(column + 1));
  }
}
