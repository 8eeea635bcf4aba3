package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.Checks;
import io.logto.db.script.Checksums;
import io.logto.db.state.Journal;
import io.logto.db.state.JournalEntry;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Records an operator's decision where the journal and the state disagree, without running any
 * script: {@code reverted} scripts (above the state, applied by the journal: their changes are gone,
 * so the next deploy runs them again), {@code applied} scripts (at or below the state, never applied
 * by the journal: their changes are in the database, so they count as applied), or the state moved
 * up to the newest script the journal applied ({@code restoreState}: the state row was moved back by
 * hand and the changes are still there). One transaction under the deployers' lock; the journal
 * rows say {@code reconcile} in their tool version.
 */
public final class Reconciliation {
  /** What was recorded. */
  public record Result(List<Alteration> reverted, List<Alteration> applied, Optional<BigDecimal> restoredState) {}

  private final DataSource dataSource;
  private final StateStore store;
  private final Journal journal;
  private final String toolVersion;

  public Reconciliation(DataSource dataSource, StateStore store, Journal journal, String toolVersion) {
    this.dataSource = dataSource;
    this.store = store;
    this.journal = journal;
    this.toolVersion = toolVersion + " reconcile";
  }

  public Result run(List<Alteration> alterations, List<String> reverted, List<String> applied, boolean restoreState,
      Duration lockWait) {
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.inTransaction(connection, c -> {
        new AdvisoryLock(lockWait, RunListener.NONE).lockTransaction(c);
        if (!journal.exists(c)) {
          throw LogtoException.usage("The database has no alteration journal yet, so there is nothing to reconcile;"
              + " nothing was changed.");
        }
        BigDecimal state = store.read(c).timestamp();
        Checks.Report report = Checks.evaluate(alterations, state, journal.read(c), true,
            a -> Checksums.of(a, Direction.UP));
        List<Alteration> toRevert = pick(alterations, reverted, report.appliedAboveState(),
            "is not above the database state with an applied journal entry", "--reverted");
        List<Alteration> toApply = pick(alterations, applied, report.skipped(),
            "is not a skipped alteration (at or below the state, never applied by the journal)", "--applied");
        Instant now = Instant.now();
        for (Alteration alteration : toRevert) {
          journal.record(c, entry(alteration, JournalEntry.DOWN, Optional.empty(), now));
        }
        for (Alteration alteration : toApply) {
          journal.record(c, entry(alteration, JournalEntry.UP, Optional.of(Checksums.of(alteration, Direction.UP)), now));
        }
        Optional<BigDecimal> restored = Optional.empty();
        if (restoreState) {
          BigDecimal target = restorableState(alterations, report, state);
          store.write(c, target);
          restored = Optional.of(target);
        }
        return new Result(toRevert, toApply, restored);
      });
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "The database refused the operation: " + SqlErrors.oneLine(e)
          + "; nothing was changed.", e);
    }
  }

  private JournalEntry entry(Alteration alteration, String direction, Optional<String> checksum, Instant now) {
    return new JournalEntry(0, alteration.fileName(), alteration.version().toString(), alteration.timestamp(),
        direction, checksum, now, 0, "", toolVersion);
  }

  /** The named alterations, each of which must be among {@code allowed}. */
  private static List<Alteration> pick(List<Alteration> alterations, List<String> names, List<Alteration> allowed,
      String notAllowed, String option) {
    List<Alteration> picked = new ArrayList<>();
    for (String name : names) {
      Alteration alteration = alterations.stream().filter(a -> a.fileName().equals(name)).findFirst()
          .orElseThrow(() -> LogtoException.usage("Unknown alteration " + name + " for " + option
              + ": give the file name of one of the scripts; nothing was changed."));
      if (!allowed.contains(alteration)) {
        throw LogtoException.usage("Alteration " + name + " " + notAllowed + ", so " + option
            + " does not apply to it; nothing was changed. `logto db alteration status` lists what disagrees.");
      }
      picked.add(alteration);
    }
    return picked;
  }

  /**
   * The newest timestamp the journal applied, when every script at or below it is applied by the
   * journal and it is above the state.
   */
  static BigDecimal restorableState(List<Alteration> alterations, Checks.Report report, BigDecimal state) {
    if (report.appliedAboveState().isEmpty()) {
      throw LogtoException.usage("--restore-state: no alteration above the database state (timestamp "
          + state.toPlainString() + ") is applied by the journal, so there is no state to restore; nothing was changed.");
    }
    BigDecimal target = report.appliedAboveState().get(report.appliedAboveState().size() - 1).timestamp();
    for (Alteration alteration : alterations) {
      if (alteration.timestamp().compareTo(target) > 0) {
        break;
      }
      boolean applied = report.last(alteration).map(JournalEntry::applies).orElse(false);
      if (!applied) {
        throw LogtoException.usage("--restore-state: the journal applied alterations up to timestamp "
            + target.toPlainString() + " but not " + alteration.fileName() + ", which is below it, so no state"
            + " matches the journal; reconcile that script first (--reverted or --applied); nothing was changed.");
      }
    }
    return target;
  }
}
