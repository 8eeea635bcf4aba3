package io.logto.db.jdbc;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions to the server that keep a run safe: is it writable, is a pooler in between, who blocks us. */
public final class ServerChecks {
  private ServerChecks() {}

  /** Refuses a hot standby or a read-only default before anything runs. */
  public static void requireWritable(Connection connection, String description) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
      rs.next();
      if (rs.getBoolean(1)) {
        throw new LogtoException(ErrorCode.DATABASE, description + " is a read-only hot standby (it is in recovery)."
            + " Point --db-url at the primary server; nothing was changed.");
      }
      if ("on".equals(rs.getString(2))) {
        throw new LogtoException(ErrorCode.DATABASE, description + " only allows read-only transactions"
            + " (default_transaction_read_only is on). Use a writable database or user; nothing was changed.");
      }
    }
  }

  /**
   * Why this connection looks like it goes through a pooler or proxy (the server's port differs
   * from the URL's), or empty for a direct connection.
   */
  public static Optional<String> poolerSuspicion(Connection connection, DatabaseUrl url) throws SQLException {
    if (url.isEmbedded() || url.port().isEmpty()) {
      return Optional.empty();
    }
    return poolerSuspicion(connection, url.port().get());
  }

  /**
   * {@link #poolerSuspicion(Connection, DatabaseUrl)} for a connection from a caller's
   * {@code DataSource}: the port is read from the driver's URL ({@code DatabaseMetaData.getURL},
   * 5432 when it names none); empty when the URL is not a plain PostgreSQL one.
   */
  public static Optional<String> poolerSuspicion(Connection connection) throws SQLException {
    String url = connection.getMetaData().getURL();
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:postgresql://".length());
    int end = rest.indexOf('/');
    String hosts = end < 0 ? rest : rest.substring(0, end);
    String first = hosts.split(",", -1)[0];
    int colon = first.lastIndexOf(':');
    if (colon < 0 || first.endsWith("]")) {
      return poolerSuspicion(connection, 5432);
    }
    try {
      return poolerSuspicion(connection, Integer.parseInt(first.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> poolerSuspicion(Connection connection, int urlPort) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select inet_server_port()")) {
      rs.next();
      int serverPort = rs.getInt(1);
      if (rs.wasNull() || serverPort == urlPort) {
        return Optional.empty();
      }
      return Optional.of("the server listens on port " + serverPort + " while the URL says " + urlPort
          + ", so a pooler (such as PgBouncer) or a proxy seems to be in between (pass --direct-connection if it"
          + " is a plain TCP proxy)");
    }
  }

  /** Invalid indexes in the database (left behind by a failed CREATE INDEX CONCURRENTLY). */
  public static List<String> invalidIndexes(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
        "select format('%I.%I', n.nspname, c.relname) from pg_index i join pg_class c on c.oid = i.indexrelid"
            + " join pg_namespace n on n.oid = c.relnamespace where not i.indisvalid order by 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** The sessions blocking {@code pid}: pid, application, client, state, since when and their query. */
  public static List<String> blockers(Connection connection, int pid) throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "select pid, coalesce(nullif(application_name, ''), '?'), coalesce(host(client_addr), 'local socket'),"
            + " coalesce(state, '?'), coalesce(xact_start, backend_start), left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 80)"
            + " from pg_stat_activity where pid = any(pg_blocking_pids(?)) order by pid")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add("pid " + rs.getInt(1) + " (application " + rs.getString(2) + ", client " + rs.getString(3)
              + ", " + rs.getString(4) + " since " + rs.getTimestamp(5).toInstant() + ", query: " + rs.getString(6) + ")");
        }
      }
    }
    return found;
  }
}
