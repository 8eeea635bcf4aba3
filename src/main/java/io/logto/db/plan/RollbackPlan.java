package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The alterations to revert, newest first, and for each the state timestamp to record once it is
 * reverted: the timestamp of the newest alteration still applied, or 0; {@code from} is the state
 * timestamp the plan was made at (a run stops when another command moves the state above it).
 */
public record RollbackPlan(String target, List<Alteration> alterations, Map<String, BigDecimal> stateAfter,
    BigDecimal from) {
  public RollbackPlan {
    alterations = List.copyOf(alterations);
    stateAfter = Map.copyOf(stateAfter);
  }

  public BigDecimal stateAfter(Alteration alteration) {
    return stateAfter.get(alteration.fileName());
  }
}
