package io.logto.db.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch databases ({@code logto_check_*}) that {@code check} and {@code diff} create on the
 * test server: taken before a test class runs, so that afterwards none of its own is left behind.
 */
public final class ScratchDatabases {
  private final List<String> before;

  private ScratchDatabases(List<String> before) {
    this.before = before;
  }

  /** The scratch databases on the server now. */
  public static ScratchDatabases before() throws SQLException {
    return new ScratchDatabases(names());
  }

  /**
   * Fails when a scratch database made since {@link #before} is still there. Other builds on a
   * shared server create and drop scratch databases of their own meanwhile; ours are dropped before
   * each command returns, so one still there a minute later is ours.
   */
  public void assertNoneLeftBehind(String by) throws SQLException, InterruptedException {
    List<String> left = leftBehind();
    for (int i = 0; i < 60 && !left.isEmpty(); i++) {
      Thread.sleep(1000);
      left = leftBehind();
    }
    assertThat(left).as("scratch databases the " + by + " left behind").isEmpty();
  }

  private List<String> leftBehind() throws SQLException {
    List<String> left = new ArrayList<>(names());
    left.removeAll(before);
    return left;
  }

  private static List<String> names() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = TestPostgres.admin(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select datname from pg_database where datname like 'logto\\_check\\_%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
