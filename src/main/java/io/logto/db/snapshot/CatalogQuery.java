package io.logto.db.snapshot;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One catalog query of a snapshot and what a row of it adds ({@link ObjectQueries},
 * {@link TableQueries}); and what the queries share: the SQL fragments that leave out system
 * schemas, extension members and the tool's own tables, and the readers of their columns.
 */
record CatalogQuery(String sql, RowReader reader) {
  static final String USER_SCHEMA = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'";

  @FunctionalInterface
  interface RowReader {
    void read(ResultSet rs, SnapshotBuilder builder) throws SQLException;
  }

  static String notExtensionMember(String catalog, String oid) {
    return "not exists (select 1 from pg_depend x where x.classid = '" + catalog + "'::regclass and x.objid = "
        + oid + " and x.deptype = 'e')";
  }

  static String notToolTable(String relname) {
    return relname + " <> 'logto_configs' and left(" + relname + ", 16) <> 'logto_alteration'";
  }

  /** SQL for the name of a relation, qualified unless it is in {@code public} (as {@link #qualify}). */
  static String qualified(String namespace, String relname) {
    return "case when " + namespace + " = 'public' then " + relname + "::text else " + namespace + " || '.' || "
        + relname + " end";
  }

  /**
   * Two columns: an ACL as text items {@code grantee=privileges}, sorted, with the default ACL for
   * none and the grantor left out (neither is compared); and the owner's name, which
   * {@link #grants} shows as {@link Grants#OWNER}, so databases whose objects belong to different
   * roles compare equal.
   */
  static String acl(String acl, String kind, String owner) {
    return "array(select regexp_replace(a::text, '/[^/]*$', '') from unnest(coalesce(" + acl + ", acldefault('"
        + kind + "', " + owner + "))) a order by 1), pg_get_userbyid(" + owner + ")";
  }

  /** The user's tables, as a CTE named {@code tbl(oid, name)}. */
  static final String TABLE_CTE = "with tbl as (select c.oid, " + qualified("n.nspname", "c.relname")
      + " as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'f')"
      + " and " + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid") + " and "
      + notToolTable("c.relname") + ") ";

  static String qualify(String schema, String name) {
    return schema.equals("public") ? name : schema + "." + name;
  }

  static Optional<String> optional(ResultSet rs, int column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  static List<String> strings(ResultSet rs, int column) throws SQLException {
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
  static Grants grants(ResultSet rs, int column) throws SQLException {
    return Grants.parse(strings(rs, column), rs.getString(column + 1));
  }
}
