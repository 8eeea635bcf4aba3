package io.logto.db.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.Checks;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Target;
import io.logto.db.run.AlterationRunner;
import io.logto.db.state.StateView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logto db alteration rollback <version>} (alias {@code r}). */
@Command(name = "rollback", aliases = "r", description = {"Revert the applied alterations above a version,"
    + " newest first, each in its own transaction. Shows the plan and asks first (--yes when not on a terminal)."})
final class RollbackCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VERSION",
      description = "Keep alterations at or below this version (1.0.0, v1.0.0, 1.0.0-beta.10); revert the rest."
          + " 0.0.0 reverts everything.")
  String target;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when not on a terminal).")
  boolean yes;

  @Option(names = "--dry-run", description = "Show the plan and the SQL it would run; change nothing, take no lock.")
  boolean dryRun;

  @Option(names = "--strict", description = "Fail (exit 4) when an applied alteration was edited, or the schema was"
      + " changed outside logto since its last deploy or rollback, instead of warning.")
  boolean strict;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  RunOptions runOptions;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Version version = Target.parseVersion(target);
    var settings = runOptions.settings();
    Opening.Loaded loaded = Opening.load(session, connection, alterations);
    List<Alteration> all = loaded.alterations();
    try (Database database = loaded.database()) {
      StateView view = loaded.view();
      Json.state(session.object("stateBefore"), view.state());
      RollbackPlan plan = Planner.rollback(all, view.state().timestamp(), version);
      session.enforce(Checks.of(all, view), strict, true);
      session.checkDrift(database, strict);
      if (!dryRun) {
        session.requireWritable(database);
      }
      session.console.info("Rollback target " + session.console.green(plan.target()));
      session.json().put("target", plan.target());
      int count = plan.alterations().size();
      session.console.info("Found " + count + " alteration" + (count > 1 ? "s" : "") + " to revert");
      ArrayNode reverted = session.array("alterations");
      if (count == 0) {
        return ExitCodes.OK;
      }
      if (dryRun) {
        DryRun.print(session, List.of(), plan.alterations(), Direction.DOWN);
        return ExitCodes.OK;
      }
      for (Alteration alteration : plan.alterations()) {
        session.console.info("  will revert " + alteration.fileName());
      }
      confirm(session, count);
      AlterationRunner runner = session.runner(database, settings, session.listener(reverted, count));
      Interrupts.running(runner);
      List<Alteration> done;
      try {
        runner.prepare(all, false);
        done = runner.rollback(plan);
      } finally {
        Interrupts.finished();
      }
      session.recordFingerprint(database, "rollback");
      if (done.size() < count) {
        session.console.info(Session.plural(count - done.size(), "alteration")
            + " had already been reverted by another session meanwhile");
      }
      if (session.isJson()) {
        Json.state(session.object("stateAfter"), session.read(database).state());
      }
    }
    return ExitCodes.OK;
  }

  private void confirm(Session session, int count) {
    if (yes) {
      return;
    }
    if (!session.environment.interactive()) {
      throw LogtoException.usage("Rollback needs confirmation: re-run with --yes to revert "
          + Session.plural(count, "alteration") + " (not on a terminal, so logto cannot ask). Nothing was changed.");
    }
    boolean confirmed = session.environment.interaction()
        .confirm("Revert " + (count == 1 ? "this alteration" : "these " + count + " alterations") + "?")
        .orElseThrow(() -> new LogtoException(ErrorCode.CANCELLED, "Cancelled; nothing was changed."));
    if (!confirmed) {
      throw new LogtoException(ErrorCode.CANCELLED, "Rollback not confirmed; nothing was changed.");
    }
  }
}
