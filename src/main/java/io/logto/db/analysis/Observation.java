package io.logto.db.analysis;

import java.util.List;
import java.util.Map;

/**
 * What one statement did on the analysis database, as read from the server right after it ran.
 * Only relations that existed before the alteration started count: the ones it creates cannot
 * stall a running product.
 *
 * @param file the script, {@code section} the section it ran in, {@code line} the script line where
 *     the statement starts (0 for a Java alteration) and {@code statement} its first line
 * @param outsideTransaction it refused to run inside a transaction (a concurrent build), so it ran
 *     alone and its locks were not read
 * @param taken the lock modes it acquired, strongest per relation (relations by name)
 * @param held the strongest mode held on each pre-existing table after it, taken by it or before
 * @param rewritten tables whose file node changed (copied)
 * @param indexed tables an index was built or rebuilt on
 * @param scanned tables read whole (sequential scan with rows read) by a statement that wrote no row at all
 *     (validating, not copying)
 * @param work rows read or written by it in all tables, from {@code pg_stat_xact_user_tables}
 */
public record Observation(String file, String section, int line, String statement, boolean outsideTransaction,
    Map<String, LockMode> taken, Map<String, LockMode> held, List<String> rewritten, List<String> indexed,
    List<String> scanned, long work) {
  public Observation {
    taken = Map.copyOf(taken);
    held = Map.copyOf(held);
    rewritten = List.copyOf(rewritten);
    indexed = List.copyOf(indexed);
    scanned = List.copyOf(scanned);
  }

  /** Did real work (rows, a rewrite, an index build) that a lock taken earlier is held through. */
  public boolean didWork() {
    return work > 0 || !rewritten.isEmpty() || !indexed.isEmpty();
  }

  /**
   * What was observed, in a line: {@code 1.1.0-…-x.sql:3 create index …: took SHARE on users; built an
   * index on users; 3 rows read or written}.
   */
  public String describe() {
    List<String> facts = new java.util.ArrayList<>();
    if (outsideTransaction) {
      facts.add("ran outside a transaction (refused one), locks not read");
    }
    taken.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> facts.add("took " + e.getValue() + " on " + e.getKey()));
    rewritten.forEach(t -> facts.add("rewrote " + t));
    indexed.forEach(t -> facts.add("built an index on " + t));
    scanned.forEach(t -> facts.add("read all of " + t));
    if (work > 0) {
      facts.add(work + " rows read or written");
    }
    return file + (line > 0 ? ":" + line : "") + " " + statement + ": "
        + (facts.isEmpty() ? "nothing on existing tables" : String.join("; ", facts));
  }
}
