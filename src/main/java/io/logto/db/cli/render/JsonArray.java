package io.logto.db.cli.render;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** An array of the {@code --json} document: strings or objects, in the order they are added. */
public final class JsonArray {
  final ArrayNode node;

  JsonArray(ArrayNode node) {
    this.node = node;
  }

  public JsonArray add(String value) {
    node.add(value);
    return this;
  }

  /** A new object at the end of the array. */
  public JsonObject addObject() {
    return new JsonObject(node.addObject());
  }
}
