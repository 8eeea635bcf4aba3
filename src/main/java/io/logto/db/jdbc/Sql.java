package io.logto.db.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The tiny JDBC helper: one-value queries with bound parameters. */
public final class Sql {
  private Sql() {}

  /** True when a relation of that name is visible on the search path. */
  public static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("select to_regclass(?) is not null")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * A string constant for SQL text that travels with other statements in one round trip (where
   * bound parameters cannot be used): {@code E'...'} with backslashes and quotes doubled, which
   * reads back as {@code value} whatever {@code standard_conforming_strings} is; {@code null} for null.
   */
  public static String literal(String value) {
    if (value == null) {
      return "null";
    }
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
