package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.state.LogtoConfigsStateStore;
import io.logto.db.state.StateStore;
import java.util.List;

/**
 * Runs plans the way {@code deploy} and {@code rollback} do (the command line passes its own
 * runner), so the round trip proves exactly what those commands will do.
 */
public interface PlanRunner {
  void deploy(Database database, List<Alteration> alterations, DeployPlan plan);

  void rollback(Database database, List<Alteration> alterations, RollbackPlan plan);

  /** Where the runner keeps the state ({@code --state-table}), so the round trip reads it there too. */
  default StateStore stateStore() {
    return new LogtoConfigsStateStore();
  }
}
