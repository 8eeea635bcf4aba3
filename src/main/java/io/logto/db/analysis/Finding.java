package io.logto.db.analysis;

import java.util.Optional;

/**
 * One hazard of one alteration: its kind, the object it concerns ({@code users},
 * {@code users.name}), where ({@code version}, script {@code file}, {@code line} and the
 * statement's first line; line 0 for a Java alteration or a whole-version comparison), the fact
 * observed, the strongest lock held on the object when it happened (lock hazards), the reason it was
 * accepted (if a {@code -- logto:accept} comment accepts it) and its blast radius on a target
 * database (if measured: {@code rewrites users: 2.1 GB, about 14 million rows, under ACCESS EXCLUSIVE}).
 */
public record Finding(HazardKind kind, String object, String version, String file, int line, String statement,
    String fact, Optional<LockMode> lock, Optional<String> accepted, Optional<String> size) {

  /** A compatibility or acceptance finding: no lock. */
  public Finding(HazardKind kind, String object, String version, String file, int line, String statement,
      String fact) {
    this(kind, object, version, file, line, statement, fact, Optional.empty(), Optional.empty(), Optional.empty());
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
    return new Finding(kind, object, version, file, line, statement, fact, lock, Optional.of(reason), size);
  }

  /** With its blast radius, from the size of its object measured on a target ({@code users: 2.1 GB, …}). */
  public Finding withSize(String measured) {
    String radius = kind.verb() + " " + measured + lock.map(m -> ", under " + m).orElse("");
    return new Finding(kind, object, version, file, line, statement, fact, lock, accepted, Optional.of(radius));
  }
}
