package io.logto.db.diff;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.check.CheckListener;
import io.logto.db.check.PlanRunner;
import io.logto.db.check.ScratchServer;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.RollbackPlan;
import java.util.ArrayList;
import java.util.List;

/** Runs the steps of a diff on a scratch database; a failure keeps its report and says which step it was. */
final class Scratch {
  private final ScratchServer server;
  private final PlanRunner runner;
  private final CheckListener listener;
  private final String command;

  Scratch(ScratchServer server, PlanRunner runner, CheckListener listener, String command) {
    this.server = server;
    this.runner = runner;
    this.listener = listener;
    this.command = command;
  }

  void deploy(Database database, List<Alteration> alterations, DeployPlan plan, String step) {
    during(step, () -> runner.deploy(database, alterations, plan));
  }

  void rollback(Database database, List<Alteration> alterations, RollbackPlan plan, String step) {
    during(step, () -> runner.rollback(database, alterations, plan));
  }

  private void during(String step, Runnable work) {
    listener.step(step);
    try {
      work.run();
    } catch (LogtoException e) {
      if (e.code() == ErrorCode.CANCELLED) {
        throw new LogtoException(ErrorCode.CANCELLED, "The " + command + " was cancelled during its step '" + step
            + "'; its scratch databases are dropped and no other database was changed.", e);
      }
      List<String> details = new ArrayList<>(e.details());
      details.add("The " + command + " failed at its step '" + step + "', on a scratch database on "
          + server.description() + "; no other database was changed.");
      throw new LogtoException(e.code(), e.getMessage(), details, e.getCause() == null ? e : e.getCause());
    }
  }
}
