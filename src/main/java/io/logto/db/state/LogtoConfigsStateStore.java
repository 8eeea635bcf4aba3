package io.logto.db.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logto.db.alteration.LogtoException;
import io.logto.db.jdbc.Sql;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
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
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public AlterationState read(Connection connection) throws SQLException {
    if (!tableExists(connection)) {
      return AlterationState.NONE;
    }
    return readExistingTable(connection);
  }

  @Override
  public AlterationState readExistingTable(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(readQuery())) {
      return fromResult(rs);
    }
  }

  @Override
  public String readQuery() {
    return "select value::text from " + TABLE + " where key = " + Sql.literal(KEY);
  }

  @Override
  public String timestampQuery() {
    return "select (value->>'timestamp')::numeric from " + TABLE + " where key = " + Sql.literal(KEY);
  }

  @Override
  public AlterationState fromResult(ResultSet result) throws SQLException {
    return result.next() ? parse(result.getString(1)) : AlterationState.NONE;
  }

  /** Parses a state value; throws a usage error that shows the value and how to repair it. */
  public static AlterationState parse(String value) {
    BigDecimal timestamp = null;
    String updatedAt = null;
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt(value, "it is not a JSON object");
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken fieldValue = parser.nextToken();
        if (field.equals("timestamp")) {
          timestamp = fieldValue.isNumeric() ? parser.getDecimalValue() : null;
          if (timestamp == null || timestamp.signum() < 0) {
            throw corrupt(value, "\"timestamp\" is missing or not a non-negative number");
          }
        } else if (field.equals("updatedAt") && fieldValue != JsonToken.VALUE_NULL) {
          if (fieldValue != JsonToken.VALUE_STRING || !isInstant(parser.getText())) {
            throw corrupt(value, "\"updatedAt\" is not an ISO-8601 time");
          }
          updatedAt = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw corrupt(value, "it holds more than one JSON value");
      }
    } catch (IOException e) {
      throw corrupt(value, "it is not JSON");
    }
    if (timestamp == null) {
      throw corrupt(value, "\"timestamp\" is missing or not a non-negative number");
    }
    return new AlterationState(timestamp, Optional.ofNullable(updatedAt));
  }

  /** An ISO-8601 instant; the usual form is checked by hand, which costs a run far less than a formatter. */
  static boolean isInstant(String text) {
    if (Iso.isPlainUtc(text)) {
      return true;
    }
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
    try (Statement st = connection.createStatement()) {
      st.execute(writeStatement(timestamp));
    }
  }

  @Override
  public String writeStatement(BigDecimal timestamp) {
    String value = "{\"timestamp\": " + timestamp.toPlainString() + ", \"updatedAt\": \"" + Iso.utc(Instant.now())
        + "\"}";
    return "insert into " + TABLE + " (key, value) values (" + Sql.literal(KEY) + ", " + Sql.literal(value)
        + "::jsonb) on conflict (key) do update set value = excluded.value";
  }

  @Override
  public boolean tableExists(Connection connection) throws SQLException {
    return Sql.tableExists(connection, TABLE);
  }
}
