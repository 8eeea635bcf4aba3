package io.logto.db.cli.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.run.RunListener;
import java.time.Duration;

/** Records each alteration a run completes into a JSON array. */
public final class JsonListener implements RunListener {
  private final ArrayNode done;

  public JsonListener(ArrayNode done) {
    this.done = done;
  }

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    ObjectNode node = done.addObject();
    Json.alteration(node, alteration);
    node.put("direction", direction.word());
    node.put("durationMs", duration.toMillis());
  }
}
