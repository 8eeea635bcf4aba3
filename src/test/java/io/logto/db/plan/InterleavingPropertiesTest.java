package io.logto.db.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A model of the runner's loop: commands (deploys and rollbacks to any version) plan from the
 * state without the lock, then take turns one locked step at a time in a random order. Each locked
 * step passes {@link Planner#checkNotMovedAgainst}, picks its next alteration from its plan at the
 * state and applies or reverts it atomically, as the runner's transaction does. The invariant:
 * the applied set is exactly the alterations at or below the state, after every step.
 */
class InterleavingPropertiesTest {
  private static final int SCRIPTS = 6;
  private static final List<Alteration> HISTORY = history();

  private static List<Alteration> history() {
    List<Alteration> all = new ArrayList<>();
    for (int n = 1; n <= SCRIPTS; n++) {
      all.add(History.alteration("1.0." + n, String.valueOf(100 * n), "r" + n, true));
    }
    return List.copyOf(all);
  }

  /** A command: deploy (up) or rollback to version 1.0.{target}. */
  record Command(Direction direction, int target) {}

  @Provide
  Arbitrary<List<Command>> commands() {
    return Arbitraries.integers().between(0, SCRIPTS).list().ofMinSize(2).ofMaxSize(5).flatMap(targets ->
        Arbitraries.of(Direction.UP, Direction.DOWN).list().ofSize(targets.size()).map(directions -> {
          List<Command> commands = new ArrayList<>();
          for (int i = 0; i < targets.size(); i++) {
            commands.add(new Command(directions.get(i), targets.get(i)));
          }
          return commands;
        }));
  }

  @Provide
  Arbitrary<List<Integer>> schedules() {
    return Arbitraries.integers().between(0, 4).list().ofMinSize(5).ofMaxSize(60);
  }

  /** A running command in the model. */
  private static final class Running {
    final Command command;
    DeployPlan deploy;
    RollbackPlan rollback;
    BigDecimal seen;
    boolean finished;

    Running(Command command) {
      this.command = command;
    }
  }

  @Property(tries = 2000)
  void theAppliedSetIsAlwaysWhatTheStateSays(@ForAll("commands") List<Command> commands,
      @ForAll("schedules") List<Integer> schedule, @ForAll("initial") int initial) {
    BigDecimal state = initial == 0 ? BigDecimal.ZERO : HISTORY.get(initial - 1).timestamp();
    TreeSet<BigDecimal> applied = new TreeSet<>();
    for (Alteration alteration : Planner.applied(HISTORY, state)) {
      applied.add(alteration.timestamp());
    }
    List<Running> running = commands.stream().map(Running::new).toList();
    for (int pick : schedule) {
      Running command = running.get(pick % running.size());
      if (command.finished) {
        continue;
      }
      if (command.seen == null) {
        plan(command, state);
        continue;
      }
      try {
        Planner.checkNotMovedAgainst(command.command.direction(), command.seen, state, 0);
      } catch (LogtoException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.STATE_MOVED);
        command.finished = true;
        continue;
      }
      command.seen = state;
      if (command.command.direction() == Direction.UP) {
        Optional<Alteration> next = Planner.nextToDeploy(command.deploy, state);
        if (next.isEmpty()) {
          command.finished = true;
          continue;
        }
        applied.add(next.get().timestamp());
        state = next.get().timestamp();
      } else {
        Optional<Alteration> next = Planner.nextToRevert(command.rollback, state);
        if (next.isEmpty()) {
          command.finished = true;
          continue;
        }
        applied.remove(next.get().timestamp());
        state = command.rollback.stateAfter(next.get());
      }
      command.seen = state;
      BigDecimal now = state;
      assertThat(applied).as("applied after a step, at state " + now)
          .containsExactlyElementsOf(HISTORY.stream().filter(a -> a.isAppliedAt(now)).map(Alteration::timestamp).toList());
    }
  }

  @Provide
  Arbitrary<Integer> initial() {
    return Arbitraries.integers().between(0, SCRIPTS);
  }

  private static void plan(Running command, BigDecimal state) {
    Version target = Version.parse("1.0." + command.command.target());
    try {
      if (command.command.direction() == Direction.UP) {
        command.deploy = Planner.deploy(HISTORY, state, new Target.Exact(target));
      } else {
        command.rollback = Planner.rollback(HISTORY, state, target);
      }
      command.seen = state;
    } catch (LogtoException e) {
      command.finished = true;
    }
  }

  @Property
  void theGuardLetsTheStateMoveOnlyTheCommandsWay(@ForAll("initial") int seen, @ForAll("initial") int now) {
    BigDecimal from = BigDecimal.valueOf(100L * seen);
    BigDecimal to = BigDecimal.valueOf(100L * now);
    boolean deployStops = now < seen;
    boolean rollbackStops = now > seen;
    assertThat(stops(Direction.UP, from, to)).isEqualTo(deployStops);
    assertThat(stops(Direction.DOWN, from, to)).isEqualTo(rollbackStops);
  }

  private static boolean stops(Direction direction, BigDecimal seen, BigDecimal now) {
    try {
      Planner.checkNotMovedAgainst(direction, seen, now, 2);
      return false;
    } catch (LogtoException e) {
      assertThat(e.getMessage()).contains("Run the same command again").contains(seen.toPlainString())
          .contains(now.toPlainString()).doesNotContain("\n");
      return true;
    }
  }
}
