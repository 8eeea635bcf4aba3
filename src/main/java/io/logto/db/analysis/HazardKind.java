package io.logto.db.analysis;

import java.util.Optional;

/**
 * The kinds of finding, each with the word a {@code -- logto:accept} comment names it by, why it
 * hurts a running product, and the safe way to write it.
 */
public enum HazardKind {
  INDEX_BUILD("index-build", true,
      "an index build without CONCURRENTLY holds SHARE (or stronger) on the table until the transaction ends, so"
          + " every insert, update and delete of the running product waits for the whole build",
      "build it in a '-- alteration:before-up' section with 'create index concurrently' (it takes SHARE UPDATE"
          + " EXCLUSIVE, which lets writes through); for a unique constraint, then 'add constraint ... unique using"
          + " index'"),
  REWRITE("rewrite", true,
      "the table and its indexes are copied under ACCESS EXCLUSIVE: every read and write waits for the copy, which"
          + " grows with the table",
      "add a new column, backfill it in batches and switch the product to it (expand/contract) instead of changing"
          + " a type or adding a volatile default"),
  VALIDATION_SCAN("validation-scan", true,
      "the whole table is read to validate it while a lock that stops writes is held",
      "add the constraint 'not valid' and 'validate constraint' in a later alteration (it takes only SHARE UPDATE"
          + " EXCLUSIVE); for 'set not null', first add and validate 'check (col is not null) not valid' so the"
          + " server can skip the scan"),
  LONG_LOCK("long-lock", true,
      "ACCESS EXCLUSIVE is held until the transaction ends, so everything the later statements do is done while"
          + " every read and write of the table waits",
      "do the work first and take the strong lock last, or split the alteration so the statement that takes it"
          + " runs in a transaction of its own"),
  DROPPED_TABLE("dropped-table", false,
      "instances of the previous version still read and write it during a rolling upgrade",
      "expand/contract: stop using it in this release, drop it in a later one"),
  DROPPED_COLUMN("dropped-column", false,
      "instances of the previous version still read and write it during a rolling upgrade (a rename is a drop for"
          + " them)",
      "expand/contract: add the new column now and keep both in step (a trigger or the product writes both), drop"
          + " the old one in a later release"),
  NOT_NULL("not-null", false,
      "instances of the previous version insert rows without it, which now fail",
      "give the column a default, or make it NOT NULL in a later release, once no instance omits it"),
  NARROWED_TYPE("narrowed-type", false,
      "instances of the previous version write values of the old type, which may no longer fit",
      "expand/contract: add a column of the new type, backfill it, switch readers, drop the old one later"),
  NEW_CONSTRAINT("new-constraint", false,
      "instances of the previous version do not know the rule and write rows that now fail",
      "release the product that respects the rule first, add the constraint in a later release"),
  REMOVED_LABEL("removed-label", false,
      "instances of the previous version still write the label, which now fails",
      "stop writing the label in one release, remove it in a later one"),
  CHANGED_FUNCTION("changed-function", false,
      "instances of the previous version call the function with its old signature, which no longer exists",
      "add the new signature next to the old one, drop the old one in a later release"),
  ACCEPTANCE("acceptance", false,
      "an acceptance that matches nothing, or has no reason, hides nothing and rots",
      "write '-- logto:accept KIND OBJECT: REASON' with a kind and an object of a finding of this script");

  private final String word;
  private final boolean lock;
  private final String why;
  private final String fix;

  HazardKind(String word, boolean lock, String why, String fix) {
    this.word = word;
    this.lock = lock;
    this.why = why;
    this.fix = fix;
  }

  /** The word of the kind in reports and in {@code -- logto:accept} comments. */
  public String word() {
    return word;
  }

  /** A lock or rewrite hazard (observed while running); otherwise a compatibility break or an acceptance problem. */
  public boolean isLock() {
    return lock;
  }

  /** What a lock hazard does to its table, for the blast radius: {@code rewrites}, {@code builds an index on}. */
  public String verb() {
    return switch (this) {
      case INDEX_BUILD -> "builds an index on";
      case REWRITE -> "rewrites";
      case VALIDATION_SCAN -> "reads all of";
      case LONG_LOCK -> "locks";
      default -> "touches";
    };
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }

  public static Optional<HazardKind> ofWord(String word) {
    for (HazardKind kind : values()) {
      if (kind.word.equals(word)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return word;
  }
}
