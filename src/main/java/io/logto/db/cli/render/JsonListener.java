package io.logto.db.cli.render;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.run.RunListener;
import java.time.Duration;

/** Records each alteration a run completes into a JSON array. */
public final class JsonListener implements RunListener {
  private final JsonArray done;

  public JsonListener(JsonArray done) {
    this.done = done;
  }

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    JsonObject node = done.addObject();
    Json.alteration(node, alteration);
    node.put("direction", direction.word());
    node.put("durationMs", duration.toMillis());
  }
}
