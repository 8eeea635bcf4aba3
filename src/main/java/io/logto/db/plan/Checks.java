package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
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
 * journal never applied (merged late: skipped), scripts above the state that the journal says are
 * applied (the state moved back without their downs: deploying would run them twice), applied
 * scripts whose text changed (edited), and journal entries of scripts this tool does not have. Scripts are matched by timestamp, so the
 * release rename of {@code next-…} files keeps their history.
 */
public final class Checks {
  private Checks() {}

  /** An applied script whose up checksum differs from the one recorded when it ran. */
  public record Edited(Alteration alteration, String recorded, String current) {}

  /** The findings; {@code journalExists} false means the database predates the journal (baselined). */
  public record Report(List<Alteration> skipped, List<Alteration> appliedAboveState, List<Edited> edited,
      List<JournalEntry> missingFromTool, Map<String, JournalEntry> lastEntries, boolean journalExists) {
    public Report {
      skipped = List.copyOf(skipped);
      appliedAboveState = List.copyOf(appliedAboveState);
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

  /**
   * What every deploy and rollback does with the findings, the command line's and the library's
   * alike: refuses (exit 4) scripts the journal applied above the state, and skipped ones unless
   * {@code includeSkipped}; warns about edited scripts (refuses with {@code strict}) and about
   * applied scripts the tool does not have. Nothing has run when it refuses.
   */
  public static void enforce(Report report, BigDecimal state, boolean strict, boolean includeSkipped,
      java.util.function.Consumer<String> warn) {
    if (!report.appliedAboveState().isEmpty()) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, appliedAboveStateMessage(report.appliedAboveState(), state)
          + "; nothing was changed.");
    }
    for (Edited edited : report.edited()) {
      String message = "Alteration " + edited.alteration().fileName() + " was edited after it was applied (its"
          + " checksum is " + edited.current().substring(0, 12) + "..., the journal recorded "
          + edited.recorded().substring(0, 12) + "...). Applied scripts must not change: restore it and put the"
          + " change in a new alteration.";
      if (strict) {
        throw new LogtoException(ErrorCode.CHECK_FAILED, message + " (--strict)");
      }
      warn.accept(message);
    }
    List<Alteration> skipped = report.skipped();
    if (!skipped.isEmpty() && !includeSkipped) {
      boolean one = skipped.size() == 1;
      throw new LogtoException(ErrorCode.CHECK_FAILED, "Skipped " + (one ? "alteration " : "alterations ")
          + names(skipped) + ": older than the database state but never applied (merged late). Apply "
          + (one ? "it" : "them") + " with --include-skipped, or give " + (one ? "it" : "each")
          + " a new timestamp above the newest alteration.");
    }
    for (JournalEntry missing : report.missingFromTool()) {
      warn.accept("Alteration " + missing.script() + " is applied in the database but this logto does not have it."
          + " Upgrade logto or point --alterations at the scripts that match this database.");
    }
  }

  /** The journal says these are applied, the state says they are not: how to reconcile, in one line. */
  public static String appliedAboveStateMessage(List<Alteration> above, BigDecimal state) {
    boolean one = above.size() == 1;
    return "The journal and the state disagree: " + (one ? "alteration " : "alterations ") + names(above)
        + (one ? " is" : " are") + " above the database state (timestamp " + state.toPlainString()
        + ") but the journal records " + (one ? "it" : "them") + " as applied and never reverted, so deploying"
        + " would run " + (one ? "it" : "them") + " a second time. If " + (one ? "its" : "their")
        + " changes are gone from the database, run `logto db alteration reconcile --reverted "
        + above.get(0).fileName() + (one ? "" : " ...") + "`; if they are still there, run"
        + " `logto db alteration reconcile --restore-state`";
  }

  private static String names(List<Alteration> alterations) {
    return String.join(", ", alterations.stream().map(Alteration::fileName).toList());
  }

  /** Computes the up checksums of alterations, in their order (the caller's I/O, not planning's). */
  @FunctionalInterface
  public interface UpChecksums {
    List<String> of(List<Alteration> alterations);
  }

  /**
   * The findings for the state and journal read from a database; {@code sums} gives the up
   * checksums of the alterations it must compare (script.Checksums::ofAllUp), all at once, so a
   * long history can hash in parallel.
   */
  public static Report of(List<Alteration> alterations, StateView view, UpChecksums sums) {
    Map<String, JournalEntry> last = lastEntries(view.journal());
    if (!view.journalExists()) {
      return evaluate(alterations, view.state().timestamp(), last, false, a -> "");
    }
    // kept by identity: a record's hashCode would hash every script's text again
    List<Alteration> compared = alterations.stream()
        .filter(a -> isComparedByChecksum(last.get(key(a.timestamp())))).toList();
    List<String> computed = sums.of(compared);
    Map<Alteration, String> byAlteration = new java.util.IdentityHashMap<>(compared.size() * 2);
    for (int i = 0; i < compared.size(); i++) {
      byAlteration.put(compared.get(i), computed.get(i));
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
      return new Report(List.of(), List.of(), List.of(), List.of(), Map.of(), false);
    }
    List<Alteration> skipped = new ArrayList<>();
    List<Alteration> appliedAbove = new ArrayList<>();
    List<Edited> edited = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (Alteration alteration : alterations) {
      String key = key(alteration.timestamp());
      known.add(key);
      JournalEntry entry = last.get(key);
      boolean applied = entry != null && entry.applies();
      if (alteration.isAppliedAt(state) && !applied) {
        skipped.add(alteration);
      } else if (!alteration.isAppliedAt(state) && applied) {
        appliedAbove.add(alteration);
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
    return new Report(skipped, appliedAbove, edited, missing, last, true);
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
