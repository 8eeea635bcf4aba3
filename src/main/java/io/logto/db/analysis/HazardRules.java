package io.logto.db.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure decisions: which observed facts are hazards. Nothing here reads SQL text: an index
 * build is an index that appeared on a pre-existing table while a lock that stops writes was held,
 * a rewrite is a changed file node, a validation scan is a whole-table read that wrote nothing under
 * such a lock, a long-held lock is ACCESS EXCLUSIVE taken by one statement of a transaction while a
 * later one of the same transaction still does work.
 */
public final class HazardRules {
  private HazardRules() {}

  /** The hazards of one alteration's observations (its {@code before-up} statements, then its transaction). */
  public static List<Finding> of(String version, List<Observation> observations) {
    List<Finding> findings = new ArrayList<>();
    for (Observation o : observations) {
      if (o.outsideTransaction()) {
        continue; // it ran alone and refused a transaction: a concurrent operation, SHARE UPDATE EXCLUSIVE
      }
      for (String table : o.rewritten()) {
        findings.add(finding(HazardKind.REWRITE, table, version, o, "rewrote " + table + " (its file node changed)"
            + under(o, table)));
      }
      for (String table : o.indexed()) {
        if (!o.rewritten().contains(table) && held(o, table).map(LockMode::blocksWrites).orElse(false)) {
          findings.add(finding(HazardKind.INDEX_BUILD, table, version, o, "built an index on " + table
              + under(o, table)));
        }
      }
      for (String table : o.scanned()) {
        if (!o.rewritten().contains(table) && !o.indexed().contains(table)
            && held(o, table).map(LockMode::blocksWrites).orElse(false)) {
          findings.add(finding(HazardKind.VALIDATION_SCAN, table, version, o, "read all of " + table
              + " to validate it" + under(o, table)));
        }
      }
    }
    findings.addAll(longLocks(version, observations));
    return findings;
  }

  /**
   * ACCESS EXCLUSIVE taken on a pre-existing table by a statement of a transactional section, while
   * later statements of the same transaction do work: one finding per table, at the statement that took it.
   */
  static List<Finding> longLocks(String version, List<Observation> observations) {
    List<Finding> findings = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      if (o.outsideTransaction() || o.line() == 0) {
        continue;
      }
      for (Map.Entry<String, LockMode> taken : o.taken().entrySet()) {
        if (taken.getValue() != LockMode.ACCESS_EXCLUSIVE || !seen.add(o.section() + " " + taken.getKey())) {
          continue;
        }
        List<Integer> later = new ArrayList<>();
        for (Observation next : observations.subList(i + 1, observations.size())) {
          if (next.section().equals(o.section()) && !next.outsideTransaction() && next.didWork()) {
            later.add(next.line());
          }
        }
        if (!later.isEmpty()) {
          findings.add(finding(HazardKind.LONG_LOCK, taken.getKey(), version, o, "took ACCESS EXCLUSIVE on "
              + taken.getKey() + " and held it while " + (later.size() == 1 ? "the statement at line " + later.get(0)
              : later.size() + " later statements (lines " + join(later) + ")") + " did work"));
        }
      }
    }
    return findings;
  }

  private static Optional<LockMode> held(Observation o, String table) {
    return Optional.ofNullable(o.held().get(table));
  }

  private static String under(Observation o, String table) {
    return held(o, table).map(m -> " under " + m + " (stops " + m.stops() + ")").orElse("");
  }

  private static Finding finding(HazardKind kind, String object, String version, Observation o, String fact) {
    return new Finding(kind, object, version, o.file(), o.line(), o.statement(), fact,
        kind == HazardKind.LONG_LOCK ? Optional.of(LockMode.ACCESS_EXCLUSIVE) : held(o, object), Optional.empty(),
        Optional.empty());
  }

  private static String join(List<Integer> lines) {
    return String.join(", ", lines.stream().map(String::valueOf).toList());
  }
}
