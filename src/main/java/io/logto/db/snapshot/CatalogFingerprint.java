package io.logto.db.snapshot;

/**
 * A cheap fingerprint of the schema a {@link Snapshot} covers, computed by the server in one
 * statement: an MD5 hash over the catalog rows a snapshot is read from (schemas, extensions;
 * tables, views, sequences, indexes and composite types with their columns, defaults, constraints,
 * triggers, policies and view rules; sequence parameters; types with enum labels; functions;
 * comments), with the same left-outs as the snapshot (system schemas, the tool's own tables and
 * what hangs on them).
 *
 * <p>Reading a snapshot asks the server's deparsers for every definition, which costs a fresh
 * connection some 0.1 to 0.3 s at a thousand tables; this reads no definition. Relations and
 * columns are hashed by the values that define them: a relation's name, schema, kind, owner,
 * grants (the default ones as none, as in a snapshot), options, persistence, row-level security and
 * partition flag (the row and array types of the tool's own tables are left out with them), not its storage, which {@code TRUNCATE}, {@code VACUUM FULL}, {@code CLUSTER},
 * {@code REINDEX} and {@code REFRESH MATERIALIZED VIEW} change; a column's name, type, nullability,
 * default flag, identity, generation, collation, inheritance and grants, not the fast default a
 * table rewrite clears or its statistics target. Every other catalog row counts by its identity and
 * row version ({@code xmin}, which every change of the row renews). So the fingerprint changes
 * whenever a statement changes the schema, and stays the same under data changes and maintenance.
 *
 * <p>It is stricter than comparing snapshots: an object dropped and created again the same way, or
 * a statement that rewrote a definition without changing it, changes it too ({@code diff --db-url}
 * then shows no difference). It only ever compares a database with itself: object identities
 * differ between databases. Each catalog read costs a fresh connection a fixed amount of work, so
 * it leaves out the catalogs whose changes the others show already (an index's own row: creating,
 * dropping or renaming an index changes its relation; aggregates and range types: their function
 * and type rows; inheritance: the columns' inheritance counts), and one whose changes are rare: a
 * sequence's owning column ({@code ALTER SEQUENCE ... OWNED BY}), which only {@code diff --db-url}
 * sees.
 */
public final class CatalogFingerprint {
  private CatalogFingerprint() {}

  private static final String QUERY = """
      with ns as (
        select n.oid from pg_namespace n where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'),
      tool as (
        select c.oid from pg_class c join ns on ns.oid = c.relnamespace
        where c.relname = 'logto_configs' or left(c.relname, 16) = 'logto_alteration'),
      rel as (
        select c.oid, c.relname, c.relnamespace, c.relkind, c.relowner,
          coalesce(c.relacl, acldefault(case c.relkind when 'S' then 's' else 'r' end::"char", c.relowner)) as acl,
          c.reloptions, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relispartition
        from pg_class c join ns on ns.oid = c.relnamespace
        where c.oid not in (select oid from tool)
          and not exists (select 1 from pg_index i where i.indexrelid = c.oid and i.indrelid in (select oid from tool))),
      typ as (
        select t.oid, t.xmin from pg_type t join ns on ns.oid = t.typnamespace
        where (t.typrelid = 0 or t.typrelid in (select oid from rel))
          and not exists (select 1 from pg_type e where e.oid = t.typelem and e.typrelid in (select oid from tool)))
      select md5(coalesce(string_agg(t, ',' order by t collate "C"), '')) from (
        select 'c' || (r.*)::text as t from rel r
        union all select 'a' || (a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.atthasdef,
            a.attidentity, a.attgenerated, a.attisdropped, a.attcollation, a.attinhcount, a.attislocal,
            coalesce(a.attacl, '{}'))::text
          from pg_attribute a join rel on rel.oid = a.attrelid where a.attnum > 0
        union all select 'd' || d.oid || ':' || d.xmin from pg_attrdef d join rel on rel.oid = d.adrelid
        union all select 'k' || k.oid || ':' || k.xmin from pg_constraint k join ns on ns.oid = k.connamespace
          where k.conrelid = 0 or k.conrelid in (select oid from rel)
        union all select 'g' || g.oid || ':' || g.xmin from pg_trigger g join rel on rel.oid = g.tgrelid
        union all select 'p' || p.oid || ':' || p.xmin from pg_policy p join rel on rel.oid = p.polrelid
        union all select 'w' || w.oid || ':' || w.xmin from pg_rewrite w join rel on rel.oid = w.ev_class
        union all select 's' || s.seqrelid || ':' || s.xmin from pg_sequence s join rel on rel.oid = s.seqrelid
        union all select 't' || typ.oid || ':' || typ.xmin from typ
        union all select 'e' || e.oid || ':' || e.xmin from pg_enum e join typ on typ.oid = e.enumtypid
        union all select 'f' || f.oid || ':' || f.xmin from pg_proc f join ns on ns.oid = f.pronamespace
        union all select 'n' || n.oid || ':' || n.xmin from pg_namespace n join ns using (oid)
        union all select 'x' || x.oid || ':' || x.xmin from pg_extension x
        union all select 'z' || o.classoid || '.' || o.objoid || '.' || o.objsubid || ':' || o.xmin
          from pg_description o where o.objoid >= 16384
      ) catalog_rows""";

  /** One statement returning one text value: the fingerprint (32 hexadecimal digits). Reads only catalogs. */
  public static String query() {
    return QUERY;
  }
}
