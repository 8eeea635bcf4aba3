package io.logto.db.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logto.db.error.LogtoException;
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
 * The Logto state row: {@code key = 'alterationState'} with
 * {@code value = {"timestamp": n, "updatedAt": "ISO-8601"}} in a key/value table
 * {@code (key primary key, value jsonb)}: {@code logto_configs} by default, or the table named (a
 * database created by Logto keeps the row in {@code systems}, where the Logto CLI reads it). A
 * value of any other shape is an error, never read as 0 (that would re-run everything); so is a
 * table of another shape, such as Logto's own per-tenant {@code logto_configs} ({@link TableShape}).
 */
public final class LogtoConfigsStateStore implements StateStore {
  public static final String TABLE = "logto_configs";
  public static final String KEY = "alterationState";
  private static final JsonFactory JSON = new JsonFactory();
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

  /** The table as the user names it ({@code systems}, {@code public.systems}). */
  private final String table;
  /** The same, each part quoted, for SQL text (a reserved word such as {@code user} works too). */
  private final String sqlName;

  /** The state in {@code logto_configs}. */
  public LogtoConfigsStateStore() {
    this(TABLE);
  }

  /** The state in {@code table}: lower-case letters, digits and {@code _}, optionally schema-qualified. */
  public LogtoConfigsStateStore(String table) {
    if (!isValidTableName(table)) {
      throw new IllegalArgumentException("Not a state table name: '" + table + "' (use lower-case letters, digits"
          + " and _, optionally after a schema and a dot)");
    }
    this.table = table;
    this.sqlName = "\"" + table.replace(".", "\".\"") + "\"";
  }

  /** True for a name this store accepts: lower-case letters, digits and {@code _}, optionally {@code schema.table}. */
  public static boolean isValidTableName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  @Override
  public String table() {
    return table;
  }

  /** Reads the state; a table of another shape than {@code (key primary key, value jsonb)} is a usage error. */
  @Override
  public AlterationState read(Connection connection) throws SQLException {
    TableShape shape = TableShape.of(connection, sqlName);
    if (!shape.exists()) {
      return AlterationState.NONE;
    }
    shape.requireStateTable(table);
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
    return "select value::text from " + sqlName + " where key = " + Sql.literal(KEY);
  }

  @Override
  public String timestampQuery() {
    return "select (value->>'timestamp')::numeric from " + sqlName + " where key = " + Sql.literal(KEY);
  }

  @Override
  public AlterationState fromResult(ResultSet result) throws SQLException {
    return result.next() ? parse(result.getString(1), table) : AlterationState.NONE;
  }

  /** Parses a state value of {@code logto_configs}; throws a usage error that shows the value and how to repair it. */
  public static AlterationState parse(String value) {
    return parse(value, TABLE);
  }

  /** Parses a state value read from {@code table}; throws a usage error that shows the value and how to repair it. */
  static AlterationState parse(String value, String table) {
    BigDecimal timestamp = null;
    String updatedAt = null;
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt(table, value, "it is not a JSON object");
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken fieldValue = parser.nextToken();
        if (field.equals("timestamp")) {
          timestamp = fieldValue.isNumeric() ? parser.getDecimalValue() : null;
          if (timestamp == null || timestamp.signum() < 0) {
            throw corrupt(table, value, "\"timestamp\" is missing or not a non-negative number");
          }
        } else if (field.equals("updatedAt") && fieldValue != JsonToken.VALUE_NULL) {
          if (fieldValue != JsonToken.VALUE_STRING || !isInstant(parser.getText())) {
            throw corrupt(table, value, "\"updatedAt\" is not an ISO-8601 time");
          }
          updatedAt = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw corrupt(table, value, "it holds more than one JSON value");
      }
    } catch (IOException e) {
      throw corrupt(table, value, "it is not JSON");
    }
    if (timestamp == null) {
      throw corrupt(table, value, "\"timestamp\" is missing or not a non-negative number");
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

  private static LogtoException corrupt(String table, String value, String why) {
    String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
    return LogtoException.usage("The alteration state row (" + table + ", key '" + KEY + "') is invalid: "
        + why + " (value " + shown + "). Set it to {\"timestamp\": <timestamp of the newest applied"
        + " alteration>, \"updatedAt\": \"<ISO-8601 time>\"}; nothing was changed.");
  }

  @Override
  public void ensureTable(Connection connection) throws SQLException {
    if (tableExists(connection)) {
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("create table if not exists " + sqlName
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
    return "insert into " + sqlName + " (key, value) values (" + Sql.literal(KEY) + ", " + Sql.literal(value)
        + "::jsonb) on conflict (key) do update set value = excluded.value";
  }

  @Override
  public boolean tableExists(Connection connection) throws SQLException {
    return Sql.tableExists(connection, sqlName);
  }
}
