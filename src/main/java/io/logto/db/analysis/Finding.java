package io.logto.db.analysis;

import java.util.Optional;

/**
 * One hazard of one alteration: its kind, the object it concerns ({@code users},
 * {@code users.name}), where ({@code version}, script {@code file}, {@code line} and the
 * statement's first line; line 0 for a Java alteration or a whole-version comparison), the fact
 * observed, why it hurts, the safe form, the reason it was accepted (if a {@code -- logto:accept}
 * comment accepts it) and the size of the object on a target database (if measured).
 */
public record Finding(HazardKind kind, String object, String version, String file, int line, String statement,
    String fact, Optional<String> accepted, Optional<String> size) {

  public Finding(HazardKind kind, String object, String version, String file, int line, String statement,
      String fact) {
    this(kind, object, version, file, line, statement, fact, Optional.empty(), Optional.empty());
  }

  public String why() {
    return kind.why();
  }

  public String fix() {
    return kind.fix();
  }

  public boolean isAccepted() {
    return accepted.isPresent();
  }

  public Finding accept(String reason) {
    return new Finding(kind, object, version, file, line, statement, fact, Optional.of(reason), size);
  }

  public Finding withSize(String measured) {
    return new Finding(kind, object, version, file, line, statement, fact, accepted, Optional.of(measured));
  }
}
