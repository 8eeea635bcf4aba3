package io.logto.db.cli.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * An object of the {@code --json} document, as the commands fill it in: named fields in the order
 * they are put (the document's shape is in docs/json.md). It keeps Jackson's tree inside this
 * package, so no command knows Jackson; {@link Json#write} turns the document into text.
 */
public final class JsonObject {
  final ObjectNode node;

  JsonObject(ObjectNode node) {
    this.node = node;
  }

  /** A string field; {@code null} writes {@code null}. */
  public JsonObject put(String name, String value) {
    node.put(name, value);
    return this;
  }

  public JsonObject put(String name, long value) {
    node.put(name, value);
    return this;
  }

  /** A number field; {@code null} writes {@code null}. */
  public JsonObject put(String name, Long value) {
    node.put(name, value);
    return this;
  }

  /** A number field written as the decimal is (a state timestamp); {@code null} writes {@code null}. */
  public JsonObject put(String name, BigDecimal value) {
    node.put(name, value);
    return this;
  }

  public JsonObject put(String name, boolean value) {
    node.put(name, value);
    return this;
  }

  public JsonObject putNull(String name) {
    node.putNull(name);
    return this;
  }

  /** A new object field {@code name} (replacing one of that name). */
  public JsonObject putObject(String name) {
    return new JsonObject(node.putObject(name));
  }

  /** A new array field {@code name} (replacing one of that name). */
  public JsonArray putArray(String name) {
    return new JsonArray(node.putArray(name));
  }

  public boolean has(String name) {
    return node.has(name);
  }
}
