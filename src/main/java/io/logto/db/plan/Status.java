package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.state.AlterationState;
import io.logto.db.state.Drift;
import io.logto.db.state.JournalEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a database stands against an alteration history (pure): the version of its newest applied
 * alteration, what is pending, the problems the checks found, and whether the schema was changed
 * outside logto ({@link Drift}). The CLI's {@code status} and the library's startup gate share it, so
 * they say the same thing.
 */
public record Status(AlterationState state, Optional<Alteration> newestApplied, List<Alteration> pending,
    boolean ahead, Checks.Report checks, Drift drift) {

  /** Where the database stands, without a drift comparison. */
  public static Status of(List<Alteration> alterations, AlterationState state, Checks.Report checks) {
    return of(alterations, state, checks, Drift.NOT_CHECKED);
  }

  public static Status of(List<Alteration> alterations, AlterationState state, Checks.Report checks, Drift drift) {
    List<Alteration> applied = Planner.applied(alterations, state.timestamp());
    boolean ahead = !alterations.isEmpty()
        ? state.timestamp().compareTo(alterations.get(alterations.size() - 1).timestamp()) > 0
        : state.timestamp().signum() > 0;
    return new Status(state, applied.isEmpty() ? Optional.empty() : Optional.of(applied.get(applied.size() - 1)),
        Planner.pending(alterations, state.timestamp()), ahead, checks, drift);
  }

  public boolean upToDate() {
    return pending.isEmpty();
  }

  /**
   * True when a check failed: the database is ahead, scripts were skipped, the journal applied
   * scripts above the state, or (when strict) scripts were edited or the schema changed outside logto.
   */
  public boolean checkFailed(boolean strict) {
    return ahead || !checks.skipped().isEmpty() || !checks.appliedAboveState().isEmpty()
        || (strict && (!checks.edited().isEmpty() || drift.drifted()));
  }

  /** The version the database is at: that of its newest applied alteration. */
  public String version() {
    return newestApplied.map(a -> a.version().toString()).orElse("none");
  }

  /** One line: where the database is. */
  public String summary() {
    if (state.timestamp().signum() == 0) {
      return "no alteration applied";
    }
    return "version " + version() + " (state timestamp " + state.timestamp().toPlainString()
        + state.updatedAt().map(u -> ", updated at " + u).orElse("") + ")";
  }

  /** One line: what is pending. */
  public String pendingLine() {
    return pendingLine(pending);
  }

  /** One line naming these pending alterations (in timestamp order), in the words of {@code status}. */
  public static String pendingLine(List<Alteration> pending) {
    if (pending.isEmpty()) {
      return "up to date: no pending alteration";
    }
    String newest = pending.get(pending.size() - 1).version().toString();
    return pending.size() + " pending alteration" + (pending.size() > 1 ? "s" : "") + " (up to " + newest
        + "): " + String.join(", ", pending.stream().map(Alteration::fileName).toList());
  }

  /** The problems the checks found, one line each. */
  public List<String> warnings() {
    List<String> lines = new ArrayList<>();
    if (ahead) {
      lines.add("The database is ahead of this tool: its state timestamp " + state.timestamp().toPlainString()
          + " is above every alteration this logto knows. Upgrade logto.");
    }
    if (!checks.appliedAboveState().isEmpty()) {
      lines.add(Checks.appliedAboveStateMessage(checks.appliedAboveState(), state.timestamp()) + ".");
    }
    for (Alteration skipped : checks.skipped()) {
      lines.add("Skipped alteration " + skipped.fileName() + ": older than the state but never applied."
          + " Apply it with deploy --include-skipped, or give it a new timestamp.");
    }
    for (Checks.Edited edited : checks.edited()) {
      lines.add("Alteration " + edited.alteration().fileName() + " was edited after it was applied.");
    }
    for (JournalEntry missing : checks.missingFromTool()) {
      lines.add("Alteration " + missing.script() + " is applied but this logto does not have it.");
    }
    drift.warning().ifPresent(lines::add);
    return lines;
  }
}
