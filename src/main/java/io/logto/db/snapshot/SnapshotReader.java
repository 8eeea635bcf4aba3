package io.logto.db.snapshot;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Reads a {@link Snapshot} from the catalogs of the connected database, so no client binary is
 * needed. Definitions come from the server's own deparsers ({@code pg_get_constraintdef},
 * {@code pg_get_indexdef}, {@code pg_get_viewdef}, {@code pg_get_functiondef},
 * {@code pg_get_triggerdef}), so two databases built the same way print the same text. Left out:
 * system schemas, objects that belong to an extension, functions the server made itself (range
 * constructors), and the tool's own tables
 * ({@code logto_configs}, tables named {@code logto_alteration*}) with everything attached to them.
 *
 * <p>The snapshot is read by a fixed list of catalog queries ({@link #QUERIES}, written in
 * {@link ObjectQueries} and {@link TableQueries}) whose rows name objects, never by OID, and whose
 * grants leave out the grantor; {@link SnapshotBuilder} assembles their rows. Every read sets
 * {@code search_path} to {@code public} first: the deparsers qualify names by what is visible on it,
 * and two databases read by sessions with different search paths must print the same text.
 */
public final class SnapshotReader {
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
    SnapshotBuilder builder = new SnapshotBuilder();
    try (Statement st = connection.createStatement()) {
      st.execute(SEARCH_PATH);
    }
    for (CatalogQuery query : QUERIES) {
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query.sql())) {
        while (rs.next()) {
          query.reader().read(rs, builder);
        }
      }
    }
    return builder.build();
  }

  /** The queries in the order they run: the tables before their parts. */
  private static final List<CatalogQuery> QUERIES = List.of(ObjectQueries.SCHEMAS, ObjectQueries.EXTENSIONS,
      ObjectQueries.TYPES, ObjectQueries.SEQUENCES, TableQueries.TABLES, TableQueries.COLUMNS,
      TableQueries.CONSTRAINTS, TableQueries.TRIGGERS, TableQueries.POLICIES, ObjectQueries.VIEWS,
      ObjectQueries.INDEXES, ObjectQueries.ROUTINES);
}
