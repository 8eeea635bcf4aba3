package io.logto.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  @Test
  void theConnectionMadeWhileOpeningIsTheOneTheCommandGets() throws Exception {
    try (TestDatabase db = TestPostgres.createDatabase();
        Database database = Database.open(DatabaseUrl.parse(db.url()))) {
      HikariDataSource pool = (HikariDataSource) database.dataSource();
      // the fail-fast check's connection stays in the pool instead of being closed and made again
      assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isEqualTo(1);
      assertThat(pool.getMinimumIdle()).as("no idle connections kept after opening").isZero();
      int pid;
      try (Connection connection = database.dataSource().getConnection()) {
        pid = backendPid(connection);
      }
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
      assertThat(db.query("select pid from pg_stat_activity where datname = current_database()"
          + " and application_name = '" + Database.APPLICATION_NAME + "'")).containsExactly(String.valueOf(pid));
    }
  }

  private static int backendPid(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
