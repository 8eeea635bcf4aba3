package io.logto.db.state;

import io.logto.db.jdbc.Sql;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.snapshot.CatalogFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Cheap drift detection: after a deploy or rollback that ran alterations, {@link #record} stores
 * the schema's {@link CatalogFingerprint} with the state it belongs to and the newest journal row,
 * in table {@code logto_alteration_fingerprint} (rows are only ever added); {@link #compare} later
 * computes the live fingerprint and compares it with the newest record, in one read-only
 * statement that reads nothing but the catalogs, that table and the state row.
 *
 * <p>Neither ever fails a command: a fingerprint that cannot be recorded is a warning, one that
 * cannot be read is {@link Drift.Status#NOT_CHECKED} with the reason.
 */
public final class SchemaFingerprints {
  public static final String TABLE = "logto_alteration_fingerprint";

  private SchemaFingerprints() {}

  private static final String CREATE = "create table if not exists " + TABLE + " ("
      + "id bigint generated always as identity primary key,"
      + " fingerprint varchar(64) not null,"
      + " state_timestamp numeric not null,"
      + " journal_id bigint,"
      + " command varchar(16) not null,"
      + " recorded_at timestamptz not null default now(),"
      + " database_user name not null default current_user,"
      + " tool_version varchar(64) not null)";

  /**
   * Records the live schema's fingerprint with the current state (read from {@code store}, the
   * table {@code --state-table} names), after {@code command}
   * ({@code deploy} or {@code rollback}) ran alterations. Returns the warning to show when it
   * could not (the command itself succeeded; drift detection is then off until the next record).
   */
  public static Optional<String> record(DataSource dataSource, StateStore store, String command, String toolVersion) {
    String insert = "insert into " + TABLE + " (fingerprint, state_timestamp, journal_id, command, tool_version)"
        + " select (" + CatalogFingerprint.query() + "), coalesce((" + store.timestampQuery()
        + "), 0), (select max(id) from " + PostgresJournal.TABLE + "), " + Sql.literal(command) + ", "
        + Sql.literal(toolVersion);
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        Transactions.inTransaction(connection, c -> {
          try (Statement st = c.createStatement()) {
            st.execute(CREATE + ";\n" + insert);
          }
          return null;
        });
        return Optional.empty();
      } catch (SQLException e) {
        // two first records at once: one "create table if not exists" loses the race; the table is there now
        boolean race = "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
        if (!race || attempt == 2) {
          return Optional.of("Could not record the schema's fingerprint in " + TABLE + ": " + SqlErrors.oneLine(e)
              + ". The alterations are applied; status and deploy cannot tell whether the schema is changed outside"
              + " logto until a deploy or rollback records it.");
        }
      }
    }
  }

  /** Compares the live schema with the newest recorded fingerprint, reading only (see the class comment). */
  public static Drift compare(DataSource dataSource, StateStore store) {
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.readOnly(connection, c -> compare(c, store));
    } catch (SQLException e) {
      return notChecked(e);
    }
  }

  /**
   * {@link #compare(Connection, StateStore)}, as the last statement of the caller's read-only
   * transaction, with a failure given as {@link Drift.Status#NOT_CHECKED} and its reason (the
   * caller's transaction is then aborted: it must not run another statement in it).
   */
  public static Drift compareOrExplain(Connection connection, StateStore store) {
    try {
      return compare(connection, store);
    } catch (SQLException e) {
      return notChecked(e);
    }
  }

  private static Drift notChecked(SQLException e) {
    return new Drift(Drift.Status.NOT_CHECKED, Optional.empty(), Optional.empty(),
        Optional.of("cannot read its fingerprint: " + SqlErrors.oneLine(e)));
  }

  /** {@link #compare(DataSource, StateStore)} on a connection in the caller's (read-only) transaction. */
  public static Drift compare(Connection connection, StateStore store) throws SQLException {
    if (!Sql.tableExists(connection, TABLE)) {
      return new Drift(Drift.Status.NOT_RECORDED, Optional.empty(), Optional.empty(), Optional.empty());
    }
    String state = "coalesce((" + store.timestampQuery() + "), 0)";
    String sql = "select f.fingerprint, f.state_timestamp, f.command,"
        + " to_char(f.recorded_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        + " case when f.state_timestamp = " + state + " then (" + CatalogFingerprint.query() + ") end"
        + " from (select * from " + TABLE + " order by id desc limit 1) f";
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        return new Drift(Drift.Status.NOT_RECORDED, Optional.empty(), Optional.empty(), Optional.empty());
      }
      Drift.Recorded recorded = new Drift.Recorded(rs.getString(1), rs.getBigDecimal(2), rs.getString(3),
          rs.getString(4));
      String live = rs.getString(5);
      if (live == null) {
        return new Drift(Drift.Status.OTHER_STATE, Optional.of(recorded), Optional.empty(), Optional.empty());
      }
      Drift.Status status = live.equals(recorded.fingerprint()) ? Drift.Status.UNCHANGED : Drift.Status.DRIFTED;
      return new Drift(status, Optional.of(recorded), Optional.of(live), Optional.empty());
    }
  }
}
