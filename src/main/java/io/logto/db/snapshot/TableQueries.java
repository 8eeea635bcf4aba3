package io.logto.db.snapshot;

import static io.logto.db.snapshot.CatalogQuery.TABLE_CTE;
import static io.logto.db.snapshot.CatalogQuery.acl;
import static io.logto.db.snapshot.CatalogQuery.grants;
import static io.logto.db.snapshot.CatalogQuery.optional;
import static io.logto.db.snapshot.CatalogQuery.strings;
import io.logto.db.snapshot.SnapshotBuilder.TableBuilder;
import java.util.TreeMap;

/**
 * The catalog queries of tables and their parts: the tables first, then their columns,
 * constraints, triggers and policies, each row added to the table it names.
 */
final class TableQueries {
  private TableQueries() {}

  /** The tables themselves (their parts come from the queries after this one). */
  static final CatalogQuery TABLES = new CatalogQuery(TABLE_CTE + """
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
        });
  /** Columns in their order (the position counts the columns read so far). */
  static final CatalogQuery COLUMNS = new CatalogQuery(TABLE_CTE + """
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
        });
  /** Constraints other than {@code NOT NULL} ones, which the columns show. */
  static final CatalogQuery CONSTRAINTS = new CatalogQuery(TABLE_CTE + "select tbl.name, co.conname, pg_get_constraintdef(co.oid, true),"
        + " obj_description(co.oid, 'pg_constraint') from pg_constraint co join tbl on tbl.oid = co.conrelid"
        + " where co.contype <> 'n'", (rs, b) -> b.tables.get(rs.getString(1)).constraints.put(rs.getString(2),
            new Snapshot.Part(rs.getString(3), optional(rs, 4))));
  /** Triggers the user made, with their enabled state. */
  static final CatalogQuery TRIGGERS = new CatalogQuery(TABLE_CTE + "select tbl.name, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled,"
        + " obj_description(t.oid, 'pg_trigger') from pg_trigger t join tbl on tbl.oid = t.tgrelid"
        + " where not t.tgisinternal", (rs, b) -> b.tables.get(rs.getString(1)).triggers.put(rs.getString(2),
            new Snapshot.Part(rs.getString(3) + triggerState(rs.getString(4)), optional(rs, 5))));
  /** Row-level security policies. */
  static final CatalogQuery POLICIES = new CatalogQuery(TABLE_CTE + """
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
            .put(rs.getString(2), new Snapshot.Part(rs.getString(3), optional(rs, 4))));

  private static String triggerState(String tgenabled) {
    return switch (tgenabled) {
      case "D" -> " (disabled)";
      case "R" -> " (enabled on replicas only)";
      case "A" -> " (enabled always)";
      default -> "";
    };
  }
}
