package io.logto.db.snapshot;

/**
 * One way two snapshots differ: the object (such as {@code table users}) and what differs from
 * the expected snapshot (such as {@code column locale (text) should not exist}).
 */
public record Difference(String object, String message) {
  @Override
  public String toString() {
    return object + ": " + message;
  }
}
