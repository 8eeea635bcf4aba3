package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.script.Checksums;
import io.logto.db.state.StateView;
import io.logto.db.state.JournalEntry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the state row cannot say, from the journal (pure): scripts at or below the state that the
 * journal never applied (merged late: skipped), applied scripts whose text changed (edited), and
 * journal entries of scripts this tool does not have. Scripts are matched by timestamp, so the
 * release rename of {@code next-…} files keeps their history.
 */
public final class Checks {
  private Checks() {}

  /** An applied script whose up checksum differs from the one recorded when it ran. */
  public record Edited(Alteration alteration, String recorded, String current) {}

  /** The findings; {@code journalExists} false means the database predates the journal (baselined). */
  public record Report(List<Alteration> skipped, List<Edited> edited, List<JournalEntry> missingFromTool,
      Map<String, JournalEntry> lastEntries, boolean journalExists) {
    public Report {
      skipped = List.copyOf(skipped);
      edited = List.copyOf(edited);
      missingFromTool = List.copyOf(missingFromTool);
      lastEntries = Map.copyOf(lastEntries);
    }

    /** The newest journal entry of a script, if any. */
    public Optional<JournalEntry> last(Alteration alteration) {
      return Optional.ofNullable(lastEntries.get(key(alteration.timestamp())));
    }

    public boolean isSkipped(Alteration alteration) {
      return skipped.contains(alteration);
    }

    public boolean isEdited(Alteration alteration) {
      return edited.stream().anyMatch(e -> e.alteration().equals(alteration));
    }
  }

  /** The findings for the state and journal read from a database; checksums of the up direction. */
  public static Report of(List<Alteration> alterations, StateView view) {
    Map<String, JournalEntry> last = lastEntries(view.journal());
    if (!view.journalExists()) {
      return evaluate(alterations, view.state().timestamp(), last, false, a -> Checksums.of(a, Direction.UP));
    }
    // the checksums evaluate compares, computed at once, in parallel for long histories (kept by
    // identity: a record's hashCode would hash every script's text again)
    List<Alteration> compared = alterations.stream()
        .filter(a -> isComparedByChecksum(last.get(key(a.timestamp())))).toList();
    List<String> sums = Checksums.ofAll(compared, Direction.UP);
    Map<Alteration, String> byAlteration = new java.util.IdentityHashMap<>(compared.size() * 2);
    for (int i = 0; i < compared.size(); i++) {
      byAlteration.put(compared.get(i), sums.get(i));
    }
    return evaluate(alterations, view.state().timestamp(), last, true, byAlteration::get);
  }

  public static Report evaluate(List<Alteration> alterations, BigDecimal state, List<JournalEntry> journal,
      boolean journalExists, Function<Alteration, String> upChecksum) {
    return evaluate(alterations, state, lastEntries(journal), journalExists, upChecksum);
  }

  /** {@link #evaluate} with the journal's newest entry per script ({@link #lastEntries}). */
  private static Report evaluate(List<Alteration> alterations, BigDecimal state, Map<String, JournalEntry> last,
      boolean journalExists, Function<Alteration, String> upChecksum) {
    if (!journalExists) {
      return new Report(List.of(), List.of(), List.of(), Map.of(), false);
    }
    List<Alteration> skipped = new ArrayList<>();
    List<Edited> edited = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Alteration alteration : alterations) {
      String key = key(alteration.timestamp());
      known.add(key);
      JournalEntry entry = last.get(key);
      boolean applied = entry != null && entry.applies();
      if (alteration.isAppliedAt(state) && !applied) {
        skipped.add(alteration);
      }
      if (isComparedByChecksum(entry)) {
        String current = upChecksum.apply(alteration);
        if (!current.equals(entry.checksum().get())) {
          edited.add(new Edited(alteration, entry.checksum().get(), current));
        }
      }
    }
    List<JournalEntry> missing = last.entrySet().stream()
        .filter(e -> !known.contains(e.getKey()) && e.getValue().applies())
        .map(Map.Entry::getValue)
        .sorted((a, b) -> a.timestamp().compareTo(b.timestamp()))
        .toList();
    return new Report(skipped, edited, missing, last, true);
  }

  /** The newest entry of each script, by {@link #key}. */
  private static Map<String, JournalEntry> lastEntries(List<JournalEntry> journal) {
    Map<String, JournalEntry> last = new HashMap<>();
    for (JournalEntry entry : journal) {
      last.put(key(entry.timestamp()), entry);
    }
    return last;
  }

  /** True when a script whose newest entry is {@code entry} is applied with a recorded up checksum to compare. */
  private static boolean isComparedByChecksum(JournalEntry entry) {
    return entry != null && entry.applies() && entry.direction().equals(JournalEntry.UP) && entry.checksum().isPresent();
  }

  /** The journal key of a timestamp: its plain decimal form without trailing zeros. */
  public static String key(BigDecimal timestamp) {
    return timestamp.stripTrailingZeros().toPlainString();
  }
}
