package io.logto.db.diff;

import io.logto.db.alteration.Alteration;
import io.logto.db.snapshot.Difference;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code diff} found: the schema change from one side to the other, each difference with the
 * versions whose alterations made it, and the versions in between with their alterations.
 *
 * <p>For an upgrade the "from" side is the schema at the lower version and the steps are the
 * versions deployed, lowest first; for a downgrade the steps are the versions reverted, newest
 * first, each with its alterations newest first. For drift the "from" side is the schema the history
 * builds up to the database's recorded state and the "to" side the live schema; there are no steps.
 */
public record SchemaDiff(Mode mode, String from, String to, List<Step> steps, List<Change> changes,
    List<String> notes, String builtOn, Duration duration) {
  /** {@link #builtOn()} when nothing had to be built (the same version, or no alteration in between). */
  public static final String NOT_BUILT = "no scratch database";

  /** Which comparison this is. */
  public enum Mode {
    UPGRADE, DOWNGRADE, SAME, DRIFT;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A version in between and the alterations the diff ran for it (deployed, or reverted). */
  public record Step(String version, List<Alteration> alterations) {
    public Step {
      alterations = List.copyOf(alterations);
    }
  }

  /** A difference and the versions whose alterations made it (empty when unknown, and for drift). */
  public record Change(Difference difference, List<String> versions) {
    public Change {
      versions = List.copyOf(versions);
    }
  }

  public SchemaDiff {
    steps = List.copyOf(steps);
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  /** The number of alterations the steps ran. */
  public int alterationCount() {
    return steps.stream().mapToInt(s -> s.alterations().size()).sum();
  }

  /** The changes grouped by kind of object, in {@link Difference.Kind} order; kinds without changes left out. */
  public Map<Difference.Kind, List<Change>> byKind() {
    Map<Difference.Kind, List<Change>> groups = new EnumMap<>(Difference.Kind.class);
    for (Difference.Kind kind : Difference.Kind.values()) {
      List<Change> of = changes.stream().filter(c -> c.difference().kind() == kind).toList();
      if (!of.isEmpty()) {
        groups.put(kind, of);
      }
    }
    return groups;
  }

  /** How many changes of each sort: added, removed, changed. */
  public Map<Difference.Change, Long> counts() {
    Map<Difference.Change, Long> counts = new EnumMap<>(Difference.Change.class);
    for (Difference.Change change : Difference.Change.values()) {
      counts.put(change, changes.stream().filter(c -> c.difference().change() == change).count());
    }
    return counts;
  }
}
