package io.logto.db.run;

import io.logto.db.alteration.Direction;
import io.logto.db.plan.Planner;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Where a run stands: the state it last saw under the lock ({@code seen}: the plan's state at
 * first, then what each of its transactions left), the guard against the state moving the other
 * way, and the state it knows for sure after its own last transaction, which the one-round-trip
 * path needs (empty after a failure or a guard that did not hold).
 */
final class Position {
  private final Direction direction;
  private BigDecimal seen;
  private BigDecimal known;

  Position(Direction direction, BigDecimal from) {
    this.direction = direction;
    this.seen = from;
  }

  /** Under the lock, before choosing: the state just read must not have moved against the run. */
  void observe(BigDecimal state, int done) {
    Planner.checkNotMovedAgainst(direction, seen, state, done);
    seen = state;
  }

  /** This run's transaction committed, leaving {@code state}. */
  void moved(BigDecimal state) {
    seen = state;
    known = state;
  }

  Optional<BigDecimal> known() {
    return Optional.ofNullable(known);
  }

  void forget() {
    known = null;
  }
}
