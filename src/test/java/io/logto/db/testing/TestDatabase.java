package io.logto.db.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One fresh database for one test, with helpers to look at it. Closing it drops it. */
public final class TestDatabase implements AutoCloseable {
  private final String name;
  private final String host;
  private final int port;

  TestDatabase(String name, String host, int port) {
    this.name = name;
    this.host = host;
    this.port = port;
  }

  public String name() {
    return name;
  }

  /** The URL as a user pastes it. */
  public String url() {
    return "postgres://postgres@" + host + ":" + port + "/" + name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl());
    ds.setUser("postgres");
    return ds;
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  public void execute(String sql) {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Rows of a query, each row its columns joined by '|'. */
  public List<String> query(String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
    return rows;
  }

  /** The recorded state timestamp, or null when there is no state table or row. */
  public BigDecimal stateTimestamp() {
    if (query("select to_regclass('logto_configs') is not null").get(0).equals("f")) {
      return null;
    }
    List<String> rows = query("select value->>'timestamp' from logto_configs where key = 'alterationState'");
    return rows.isEmpty() ? null : new BigDecimal(rows.get(0));
  }

  /** Tables of the public schema, sorted, without the journal and the fingerprints (logto_configs included). */
  public List<String> tables() {
    return query("select tablename from pg_tables where schemaname = 'public'"
        + " and tablename not in ('logto_alteration_journal', 'logto_alteration_fingerprint') order by 1");
  }

  /** Columns of a table as name:type, sorted. */
  public List<String> columns(String table) {
    return query("select column_name || ':' || data_type from information_schema.columns where table_schema = 'public'"
        + " and table_name = '" + table + "' order by 1");
  }

  /**
   * A snapshot of the public schema: tables, columns, indexes, constraints and types, for
   * comparing before/after (the tool's own tables excluded).
   */
  public String schemaSnapshot() {
    TreeSet<String> lines = new TreeSet<>();
    lines.addAll(query("select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '"
        + " || is_nullable || ' ' || coalesce(column_default, '') from information_schema.columns"
        + " where table_schema = 'public' and table_name not in ('logto_configs', 'logto_alteration_journal',"
        + " 'logto_alteration_fingerprint')"));
    lines.addAll(query("select 'index ' || indexdef from pg_indexes where schemaname = 'public'"
        + " and tablename not in ('logto_configs', 'logto_alteration_journal', 'logto_alteration_fingerprint')"));
    lines.addAll(query("select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
        + " from pg_constraint where connamespace = 'public'::regnamespace and conrelid <> coalesce(to_regclass('logto_configs'), 0)"
        + " and conrelid <> coalesce(to_regclass('logto_alteration_journal'), 0)"
        + " and conrelid <> coalesce(to_regclass('logto_alteration_fingerprint'), 0)"));
    lines.addAll(query("select 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder)"
        + " from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname"));
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    TestPostgres.drop(name);
  }
}
