package io.logto.db.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.jdbc.Sql;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The Logto state row: {@code logto_configs(key, value jsonb)} with
 * {@code key = 'alterationState'} and {@code value = {"timestamp": n, "updatedAt": "ISO-8601"}}.
 * A value of any other shape is an error, never read as 0 (that would re-run everything).
 */
public final class LogtoConfigsStateStore implements StateStore {
  public static final String TABLE = "logto_configs";
  public static final String KEY = "alterationState";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public AlterationState read(Connection connection) throws SQLException {
    if (!tableExists(connection)) {
      return AlterationState.NONE;
    }
    return readExistingTable(connection);
  }

  @Override
  public AlterationState readExistingTable(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "select value::text from " + TABLE + " where key = ?")) {
      ps.setString(1, KEY);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? parse(rs.getString(1)) : AlterationState.NONE;
      }
    }
  }

  /** Parses a state value; throws a usage error that shows the value and how to repair it. */
  public static AlterationState parse(String value) {
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (IOException e) {
      throw corrupt(value, "it is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw corrupt(value, "it is not a JSON object");
    }
    JsonNode timestamp = node.get("timestamp");
    if (timestamp == null || !timestamp.isNumber() || timestamp.decimalValue().signum() < 0) {
      throw corrupt(value, "\"timestamp\" is missing or not a non-negative number");
    }
    JsonNode updatedAt = node.get("updatedAt");
    if (updatedAt != null && !updatedAt.isNull()) {
      if (!updatedAt.isTextual() || !isInstant(updatedAt.asText())) {
        throw corrupt(value, "\"updatedAt\" is not an ISO-8601 time");
      }
    }
    return new AlterationState(timestamp.decimalValue(),
        Optional.ofNullable(updatedAt).filter(JsonNode::isTextual).map(JsonNode::asText));
  }

  private static boolean isInstant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static LogtoException corrupt(String value, String why) {
    String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
    return LogtoException.usage("The alteration state row (" + TABLE + ", key '" + KEY + "') is invalid: "
        + why + " (value " + shown + "). Set it to {\"timestamp\": <timestamp of the newest applied"
        + " alteration>, \"updatedAt\": \"<ISO-8601 time>\"}; nothing was changed.");
  }

  @Override
  public void ensureTable(Connection connection) throws SQLException {
    if (tableExists(connection)) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("create table if not exists " + TABLE
          + " (key varchar(256) not null primary key, value jsonb not null default '{}'::jsonb)");
    }
  }

  @Override
  public void write(Connection connection, BigDecimal timestamp) throws SQLException {
    ObjectNode value = JSON.createObjectNode();
    value.put("timestamp", timestamp);
    value.put("updatedAt", Instant.now().toString());
    try (PreparedStatement ps = connection.prepareStatement("insert into " + TABLE
        + " (key, value) values (?, ?::jsonb) on conflict (key) do update set value = excluded.value")) {
      ps.setString(1, KEY);
      ps.setString(2, value.toString());
      ps.executeUpdate();
    }
  }

  @Override
  public boolean tableExists(Connection connection) throws SQLException {
    return Sql.tableExists(connection, TABLE);
  }
}
