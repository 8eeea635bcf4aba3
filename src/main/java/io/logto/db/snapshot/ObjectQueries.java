package io.logto.db.snapshot;

import static io.logto.db.snapshot.CatalogQuery.USER_SCHEMA;
import static io.logto.db.snapshot.CatalogQuery.acl;
import static io.logto.db.snapshot.CatalogQuery.grants;
import static io.logto.db.snapshot.CatalogQuery.notExtensionMember;
import static io.logto.db.snapshot.CatalogQuery.notToolTable;
import static io.logto.db.snapshot.CatalogQuery.optional;
import static io.logto.db.snapshot.CatalogQuery.qualify;
import static io.logto.db.snapshot.CatalogQuery.strings;
import java.util.Optional;

/**
 * The catalog queries of the objects that stand on their own in a schema: schemas, extensions,
 * types, sequences, views, indexes and routines (the tables and their parts are
 * {@link TableQueries}). Each is one SQL statement and what a row of it adds to the snapshot.
 */
final class ObjectQueries {
  private ObjectQueries() {}

  /** The user's schemas. */
  static final CatalogQuery SCHEMAS = new CatalogQuery("select n.nspname, obj_description(n.oid, 'pg_namespace'), " + acl("n.nspacl", "n", "n.nspowner")
        + " from pg_namespace n where " + USER_SCHEMA + " and " + notExtensionMember("pg_namespace", "n.oid"),
        (rs, b) -> {
          String name = rs.getString(1);
          b.schemas.put(name, new Snapshot.Schema(name, optional(rs, 2), grants(rs, 3)));
        });
  /** The installed extensions. */
  static final CatalogQuery EXTENSIONS = new CatalogQuery("select e.extname, e.extversion, n.nspname from pg_extension e"
        + " join pg_namespace n on n.oid = e.extnamespace", (rs, b) -> b.extensions.put(rs.getString(1),
            new Snapshot.Extension(rs.getString(1), rs.getString(2), rs.getString(3))));
  /** Enums, domains, composite, range and base types (not the array types the server makes). */
  static final CatalogQuery TYPES = new CatalogQuery("""
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
        });
  /** Sequences, with the column that owns one. */
  static final CatalogQuery SEQUENCES = new CatalogQuery("""
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
        });
  /** Views and materialized views. */
  static final CatalogQuery VIEWS = new CatalogQuery("select n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true),"
        + " coalesce(c.reloptions, '{}')::text[], obj_description(c.oid, 'pg_class'), "
        + acl("c.relacl", "r", "c.relowner") + " from pg_class c"
        + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and " + USER_SCHEMA
        + " and " + notExtensionMember("pg_class", "c.oid") + " and " + notToolTable("c.relname"), (rs, b) -> {
          String name = qualify(rs.getString(1), rs.getString(2));
          b.views.put(name, new Snapshot.View(name, rs.getBoolean(3), rs.getString(4), strings(rs, 5),
              optional(rs, 6), grants(rs, 7)));
        });
  /** Indexes that no primary key, unique or exclusion constraint owns. */
  static final CatalogQuery INDEXES = new CatalogQuery("""
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
        });
  /** Functions, procedures and aggregates, by signature (not those the server made itself). */
  static final CatalogQuery ROUTINES = new CatalogQuery("""
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
        });

  private static String typeKind(String typtype) {
    return switch (typtype) {
      case "e" -> "enum";
      case "d" -> "domain";
      case "c" -> "composite";
      case "r" -> "range";
      default -> "base";
    };
  }
}
