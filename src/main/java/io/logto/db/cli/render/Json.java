package io.logto.db.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.logto.db.alteration.Alteration;
import io.logto.db.plan.Status;
import io.logto.db.state.AlterationState;
import io.logto.db.state.Drift;
import java.util.List;

/**
 * The JSON documents of {@code --json} (their shape is documented in docs/json.md): with
 * {@link JsonObject} and {@link JsonArray}, the only place besides the state store that knows Jackson.
 */
public final class Json {
  private Json() {}

  /** The mapper, built only when a document is written (it costs hundreds of classes at start-up). */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** A new, empty document (or a throwaway object, for a command run without {@code --json}). */
  public static JsonObject object() {
    return new JsonObject(JsonNodeFactory.instance.objectNode());
  }

  /** The document as indented text. */
  public static String write(JsonObject document) {
    try {
      return Mapper.INSTANCE.writeValueAsString(document.node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fields naming an alteration: script, version, timestamp. */
  public static void alteration(JsonObject node, Alteration alteration) {
    node.put("script", alteration.fileName());
    node.put("version", alteration.version().toString());
    node.put("timestamp", alteration.timestamp());
  }

  public static void state(JsonObject node, AlterationState state) {
    node.put("timestamp", state.timestamp());
    if (state.updatedAt().isPresent()) {
      node.put("updatedAt", state.updatedAt().get());
    } else {
      node.putNull("updatedAt");
    }
  }

  /**
   * A drift object: {@code status} ({@code unchanged}, {@code drifted}, {@code not-recorded},
   * {@code other-state}, {@code not-checked}), {@code fingerprint} (the live one, or null),
   * {@code recorded} (the newest record: fingerprint, stateTimestamp, command, recordedAt; or null)
   * and {@code reason} (why it was not checked, or null).
   */
  public static void drift(JsonObject node, Drift drift) {
    node.put("status", drift.statusName());
    node.put("fingerprint", drift.live().orElse(null));
    if (drift.recorded().isPresent()) {
      Drift.Recorded r = drift.recorded().get();
      JsonObject recorded = node.putObject("recorded");
      recorded.put("fingerprint", r.fingerprint());
      recorded.put("stateTimestamp", r.stateTimestamp());
      recorded.put("command", r.command());
      recorded.put("recordedAt", r.recordedAt());
    } else {
      node.putNull("recorded");
    }
    node.put("reason", drift.reason().orElse(null));
  }

  /** The fields of {@code status}: the database, its state, what is pending, skipped, edited or missing, drift. */
  public static void status(JsonObject node, String database, Status status, AlterationState state, boolean strict) {
    node.put("database", database);
    node.put("version", status.version());
    state(node.putObject("state"), state);
    node.put("upToDate", status.upToDate());
    node.put("ahead", status.ahead());
    JsonArray pending = node.putArray("pending");
    status.pending().forEach(a -> alteration(pending.addObject(), a));
    JsonArray skipped = node.putArray("skipped");
    status.checks().skipped().forEach(a -> alteration(skipped.addObject(), a));
    JsonArray edited = node.putArray("edited");
    status.checks().edited().forEach(e -> alteration(edited.addObject(), e.alteration()));
    JsonArray missing = node.putArray("missingFromTool");
    status.checks().missingFromTool().forEach(e -> missing.add(e.script()));
    drift(node.putObject("drift"), status.drift());
    node.put("checkFailed", status.checkFailed(strict));
  }

  /**
   * The failure fields of a document: {@code success} false and the {@code error} object (code,
   * exit code, message, details), the texts as given (the caller redacts them).
   */
  public static void error(JsonObject document, String code, int exitCode, String message, List<String> details) {
    document.put("success", false);
    JsonObject error = document.putObject("error");
    error.put("code", code);
    error.put("exitCode", exitCode);
    error.put("message", message);
    JsonArray array = error.putArray("details");
    details.forEach(array::add);
  }
}
