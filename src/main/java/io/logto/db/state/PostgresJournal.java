package io.logto.db.state;

import io.logto.db.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The journal in table {@code logto_alteration_journal}. Rows are only ever added. */
public final class PostgresJournal implements Journal {
  public static final String TABLE = "logto_alteration_journal";

  @Override
  public boolean exists(Connection connection) throws SQLException {
    return Sql.tableExists(connection, TABLE);
  }

  @Override
  public void ensureTable(Connection connection) throws SQLException {
    if (exists(connection)) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("create table " + TABLE + " ("
          + "id bigint generated always as identity primary key,"
          + " script varchar(256) not null,"
          + " version varchar(128) not null,"
          + " timestamp numeric not null,"
          + " direction varchar(16) not null check (direction in ('up', 'down', 'baseline')),"
          + " checksum char(64),"
          + " started_at timestamptz not null,"
          + " duration_ms bigint not null,"
          + " database_user name not null default current_user,"
          + " tool_version varchar(64) not null)");
    }
  }

  @Override
  public List<JournalEntry> read(Connection connection) throws SQLException {
    List<JournalEntry> entries = new ArrayList<>();
    if (!exists(connection)) {
      return entries;
    }
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
        "select id, script, version, timestamp, direction, checksum,"
            + " (extract(epoch from started_at) * 1000000)::bigint, duration_ms, database_user,"
            + " tool_version from " + TABLE + " order by id")) {
      while (rs.next()) {
        entries.add(new JournalEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
            rs.getString(5), Optional.ofNullable(rs.getString(6)), micros(rs.getLong(7)), rs.getLong(8),
            rs.getString(9), rs.getString(10)));
      }
    }
    return entries;
  }

  /**
   * Times travel as microseconds since the epoch and as ISO-8601 text, not as JDBC timestamps,
   * which the driver converts through java.util.Calendar (tens of milliseconds of locale data
   * loaded at start-up).
   */
  private static java.time.Instant micros(long micros) {
    return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  @Override
  public void record(Connection connection, JournalEntry entry) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("insert into " + TABLE
        + " (script, version, timestamp, direction, checksum, started_at, duration_ms, tool_version)"
        + " values (?, ?, ?, ?, ?, ?::timestamptz, ?, ?)")) {
      ps.setString(1, entry.script());
      ps.setString(2, entry.version());
      ps.setBigDecimal(3, entry.timestamp());
      ps.setString(4, entry.direction());
      ps.setString(5, entry.checksum().orElse(null));
      ps.setString(6, entry.startedAt().toString());
      ps.setLong(7, entry.durationMs());
      ps.setString(8, entry.toolVersion());
      ps.executeUpdate();
    }
  }

  @Override
  public String recordRunStatement(String script, String version, java.math.BigDecimal timestamp, String direction,
      String checksum, String toolVersion) {
    return "insert into " + TABLE
        + " (script, version, timestamp, direction, checksum, started_at, duration_ms, tool_version) values ("
        + Sql.literal(script) + ", " + Sql.literal(version) + ", " + timestamp.toPlainString() + ", "
        + Sql.literal(direction) + ", " + Sql.literal(checksum) + ", now(),"
        + " (extract(epoch from clock_timestamp() - now()) * 1000)::bigint, " + Sql.literal(toolVersion) + ")";
  }
}
