package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure planning. Alterations are always given in timestamp order; the state is the timestamp
 * recorded in the database (0 when none).
 */
public final class Planner {
  private Planner() {}

  /** Alterations above the state: not yet applied. */
  public static List<Alteration> pending(List<Alteration> alterations, BigDecimal state) {
    return alterations.stream().filter(a -> !a.isAppliedAt(state)).toList();
  }

  /** Alterations at or below the state: applied. */
  public static List<Alteration> applied(List<Alteration> alterations, BigDecimal state) {
    return alterations.stream().filter(a -> a.isAppliedAt(state)).toList();
  }

  /** Released versions among the pending alterations, newest first, without repeats. */
  public static List<Version> pendingVersions(List<Alteration> alterations, BigDecimal state) {
    return pending(alterations, state).stream()
        .map(a -> a.version().release())
        .flatMap(Optional::stream)
        .distinct()
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  /**
   * Refuses a state above every known alteration: the database was altered by a newer tool.
   */
  public static void checkNotAhead(List<Alteration> alterations, BigDecimal state) {
    BigDecimal newest = alterations.isEmpty() ? BigDecimal.ZERO : alterations.get(alterations.size() - 1).timestamp();
    if (state.compareTo(newest) > 0) {
      String known = alterations.isEmpty()
          ? "this logto ships no alterations"
          : "the newest alteration this logto knows is " + alterations.get(alterations.size() - 1).fileName();
      throw new LogtoException(ErrorCode.CHECK_FAILED, "The database is ahead of this tool: its alteration"
          + " state is timestamp " + state.toPlainString() + " but " + known
          + ". Upgrade logto (or point --alterations at the newer scripts) before deploying or rolling back.");
    }
  }

  /** The deploy plan for {@code target}. */
  public static DeployPlan deploy(List<Alteration> alterations, BigDecimal state, Target target) {
    checkNotAhead(alterations, state);
    List<Alteration> pending = pending(alterations, state);
    Version limit;
    if (target instanceof Target.Next) {
      return new DeployPlan(Optional.of("next"), pending, List.of(), state);
    } else if (target instanceof Target.Latest) {
      List<Version> versions = pendingVersions(alterations, state);
      if (versions.isEmpty()) {
        return new DeployPlan(Optional.empty(), List.of(), pending, state);
      }
      limit = versions.get(0);
    } else {
      limit = ((Target.Exact) target).version();
    }
    List<Alteration> plan = new ArrayList<>();
    Alteration firstLeft = null;
    for (Alteration alteration : pending) {
      boolean inTarget = alteration.version().isAtOrBelow(limit);
      if (inTarget && firstLeft != null) {
        throw outOfOrder(alteration, firstLeft, limit);
      }
      if (inTarget) {
        plan.add(alteration);
      } else if (firstLeft == null) {
        firstLeft = alteration;
      }
    }
    return new DeployPlan(DeployPlan.label(limit), plan, pending.subList(plan.size(), pending.size()), state);
  }

  private static LogtoException outOfOrder(Alteration inTarget, Alteration above, Version limit) {
    return LogtoException.usage("Cannot deploy to " + limit + ": alteration " + inTarget.fileName()
        + " is newer than " + above.fileName() + ", which is above the target, and applying it would"
        + " mark the older one as applied without running it. Deploy to " + above.version()
        + " or give " + inTarget.fileName() + " a timestamp that keeps versions in order.");
  }

  /** The rollback plan to {@code target}: applied alterations above it, newest first. */
  public static RollbackPlan rollback(List<Alteration> alterations, BigDecimal state, Version target) {
    checkNotAhead(alterations, state);
    List<Alteration> applied = applied(alterations, state);
    int firstReverted = applied.size();
    for (int i = applied.size() - 1; i >= 0 && isAbove(applied.get(i).version(), target); i--) {
      firstReverted = i;
    }
    for (int i = 0; i < firstReverted; i++) {
      if (isAbove(applied.get(i).version(), target)) {
        Alteration blocker = applied.get(firstReverted - 1);
        throw LogtoException.usage("Cannot roll back to " + target + ": alteration "
            + applied.get(i).fileName() + " is above the target but older than "
            + blocker.fileName() + ", which stays applied. Roll back to a version below "
            + blocker.version() + " first.");
      }
    }
    return revert(applied, firstReverted, target.toString(), target.toString(), state);
  }

  /**
   * The rollback plan to a timestamp (the Logto CLI's hidden {@code rollback-to-timestamp}): the
   * applied alterations newer than {@code timestamp}, newest first. Unlike upstream, which reverts
   * every script newer than the timestamp, applied or not, only applied ones are reverted.
   */
  public static RollbackPlan rollbackToTimestamp(List<Alteration> alterations, BigDecimal state, BigDecimal timestamp) {
    checkNotAhead(alterations, state);
    List<Alteration> applied = applied(alterations, state);
    int firstReverted = applied.size();
    while (firstReverted > 0 && applied.get(firstReverted - 1).timestamp().compareTo(timestamp) > 0) {
      firstReverted--;
    }
    return revert(applied, firstReverted, timestamp.toPlainString(), "timestamp " + timestamp.toPlainString(), state);
  }

  /**
   * The plan reverting {@code applied} from {@code firstReverted} on, newest first, once every one
   * of them is known to have a down section; {@code label} names the target in messages, {@code state}
   * is the state the plan is made at.
   */
  private static RollbackPlan revert(List<Alteration> applied, int firstReverted, String target, String label,
      BigDecimal state) {
    List<Alteration> revert = new ArrayList<>(applied.subList(firstReverted, applied.size()));
    revert.sort(Comparator.comparing(Alteration::timestamp).reversed());
    for (Alteration alteration : revert) {
      if (alteration.irreversible()) {
        throw LogtoException.usage("Cannot roll back to " + label + ": alteration " + alteration.fileName()
            + " is declared irreversible ('-- alteration:irreversible'), so it cannot be reverted. Nothing was"
            + " changed. Roll back to " + alteration.version() + " or above, or restore a backup.");
      }
      if (!alteration.isReversible()) {
        throw LogtoException.usage("Cannot roll back to " + label + ": alteration " + alteration.fileName()
            + " has no '-- alteration:down' section, so it cannot be reverted. Nothing was changed."
            + " Add a down section to it, or roll back to " + alteration.version() + " or above.");
      }
    }
    Map<String, BigDecimal> stateAfter = new HashMap<>();
    for (int i = firstReverted; i < applied.size(); i++) {
      BigDecimal previous = i == 0 ? BigDecimal.ZERO : applied.get(i - 1).timestamp();
      stateAfter.put(applied.get(i).fileName(), previous);
    }
    return new RollbackPlan(target, revert, stateAfter, state);
  }

  private static boolean isAbove(AlterationVersion version, Version target) {
    return !version.isAtOrBelow(target);
  }

  /**
   * The guard every step of a run passes under the lock, before it picks its next alteration from
   * the plan: the state just read ({@code now}) must not have moved against the command's
   * direction since the command last saw it ({@code seen}: the plan's state, then the state its own
   * last transaction left). A plan stays right while the state moves its way (another deployer
   * applied some of a deploy's scripts: they are skipped), but not when it moves back: a deploy's
   * next script would land above scripts a rollback just reverted, and a rollback would revert
   * scripts below ones a deploy just applied. So the command stops; a re-run plans again from the
   * new state. {@code done} is how many alterations this run completed, for the message.
   */
  public static void checkNotMovedAgainst(Direction direction, BigDecimal seen, BigDecimal now, int done) {
    int moved = now.compareTo(seen);
    if (direction == Direction.UP ? moved >= 0 : moved <= 0) {
      return;
    }
    String other = direction == Direction.UP ? "rolled the database back" : "deployed";
    String command = direction == Direction.UP ? "deploy" : "rollback";
    String verb = direction == Direction.UP ? "applied" : "reverted";
    throw new LogtoException(ErrorCode.STATE_MOVED, "Stopped: another logto " + other + " while this " + command
        + " ran (the alteration state moved from timestamp " + seen.toPlainString() + " "
        + (moved < 0 ? "down" : "up") + " to " + now.toPlainString() + "), so this " + command + "'s plan no longer"
        + " holds. It " + verb + " " + done + " alteration" + (done == 1 ? "" : "s") + " before that, each"
        + " completely; nothing is half-applied. Run the same command again to continue from the new state; that is safe.");
  }

  /** The next alteration of a deploy plan still to run at {@code state}, if any. */
  public static Optional<Alteration> nextToDeploy(DeployPlan plan, BigDecimal state) {
    // oldest first: the applied ones are a prefix, so the first pending one is found by bisection
    return firstWhere(plan.alterations(), a -> !a.isAppliedAt(state));
  }

  /** The next alteration of a rollback plan still to revert at {@code state}, if any. */
  public static Optional<Alteration> nextToRevert(RollbackPlan plan, BigDecimal state) {
    // newest first: the already reverted ones are a prefix
    return firstWhere(plan.alterations(), a -> a.isAppliedAt(state));
  }

  /**
   * The first element matching {@code test}, where the matching elements form a suffix of
   * {@code list} (true for plans, which are ordered): O(log n), so a run of n alterations, which
   * asks once per alteration, stays linear rather than quadratic in n.
   */
  private static Optional<Alteration> firstWhere(List<Alteration> list, java.util.function.Predicate<Alteration> test) {
    int low = 0;
    int high = list.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (test.test(list.get(mid))) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low < list.size() ? Optional.of(list.get(low)) : Optional.empty();
  }

}
