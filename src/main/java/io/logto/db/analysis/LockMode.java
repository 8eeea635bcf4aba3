package io.logto.db.analysis;

import java.util.Collection;
import java.util.Optional;

/** PostgreSQL's table lock modes, weakest first, as {@code pg_locks.mode} names them. */
public enum LockMode {
  ACCESS_SHARE("AccessShareLock"),
  ROW_SHARE("RowShareLock"),
  ROW_EXCLUSIVE("RowExclusiveLock"),
  SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
  SHARE("ShareLock"),
  SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
  EXCLUSIVE("ExclusiveLock"),
  ACCESS_EXCLUSIVE("AccessExclusiveLock");

  private final String catalogName;

  LockMode(String catalogName) {
    this.catalogName = catalogName;
  }

  /** The mode {@code pg_locks} calls {@code name}, if it is a table lock mode. */
  public static Optional<LockMode> ofCatalog(String name) {
    for (LockMode mode : values()) {
      if (mode.catalogName.equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  /** The strongest of {@code modes}, if any. */
  public static Optional<LockMode> strongest(Collection<LockMode> modes) {
    return modes.stream().max(Enum::compareTo);
  }

  /** SHARE and above conflict with ROW EXCLUSIVE: inserts, updates and deletes wait. */
  public boolean blocksWrites() {
    return compareTo(SHARE) >= 0;
  }

  /** ACCESS EXCLUSIVE conflicts with ACCESS SHARE: even plain selects wait. */
  public boolean blocksReads() {
    return this == ACCESS_EXCLUSIVE;
  }

  /** As the PostgreSQL documentation writes it: {@code ACCESS EXCLUSIVE}. */
  @Override
  public String toString() {
    return name().replace('_', ' ');
  }

  /** What the mode stops on the table, for a report. */
  public String stops() {
    if (blocksReads()) {
      return "every read and write";
    }
    return blocksWrites() ? "inserts, updates and deletes" : "schema changes only";
  }
}
