package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Target;
import io.logto.db.run.Deployment;
import io.logto.db.state.StateView;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logto db alteration rollback <version>} (alias {@code r}). */
@Command(name = "rollback", aliases = "r", description = {"Revert the applied alterations above a version (or newer"
    + " than --to-timestamp), newest first, each in its own transaction. Shows the plan and asks first (--yes when not on a terminal)."})
final class RollbackCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
      description = "Keep alterations at or below this version (1.0.0, v1.0.0, 1.0.0-beta.10); revert the rest."
          + " 0.0.0 reverts everything.")
  String target;

  @Option(names = "--to-timestamp", paramLabel = "TIMESTAMP", description = "Instead of a version: revert every"
      + " applied alteration newer than this timestamp (the Logto CLI's rollback-to-timestamp).")
  String toTimestamp;

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
    Version version = toTimestamp == null ? version() : null;
    BigDecimal timestamp = toTimestamp == null ? null : timestamp();
    var settings = runOptions.settings();
    Opening.Loaded loaded = Opening.load(session, connection, alterations);
    List<Alteration> all = loaded.alterations();
    try (Database database = loaded.database()) {
      StateView view = loaded.view();
      Json.state(session.object("stateBefore"), view.state());
      Deployment deployment = session.deployment(database, settings);
      RollbackPlan plan = deployment.planRollback(all, view, new Deployment.Policy(strict, true, dryRun),
          state -> timestamp == null ? Planner.rollback(all, state, version)
              : Planner.rollbackToTimestamp(all, state, timestamp), session.console::warn);
      session.console.info("Revert target " + session.console.green((timestamp == null ? "" : "timestamp ")
          + plan.target()));
      session.json().put("target", plan.target());
      int count = plan.alterations().size();
      session.console.info("Found " + count + " alteration" + (count > 1 ? "s" : "") + " to revert");
      session.checkDrift(database, strict, count > 0);
      JsonArray reverted = session.array("alterations");
      if (count == 0) {
        return ExitCodes.OK;
      }
      if (dryRun) {
        DryRun.print(session, List.of(), plan.alterations(), Direction.DOWN);
        return ExitCodes.OK;
      }
      revert(session, database, deployment, all, plan, reverted);
    }
    return ExitCodes.OK;
  }

  /** Lists and confirms the plan, reverts it, records the schema's fingerprint and the state after. */
  private void revert(Session session, Database database, Deployment deployment, List<Alteration> all,
      RollbackPlan plan, JsonArray reverted) {
    int count = plan.alterations().size();
    for (Alteration alteration : plan.alterations()) {
      session.console.info("  will revert " + alteration.fileName());
    }
    confirm(session, count);
    List<Alteration> done;
    try {
      done = deployment.rollback(all, plan, session.listener(reverted, count), Interrupts::running);
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

  /** The VERSION argument, which is required unless --to-timestamp is given. */
  private Version version() {
    if (target == null) {
      throw LogtoException.usage("Missing target version: pass the version to keep, e.g. `logto db alteration rollback"
          + " 1.2.0` (0.0.0 reverts everything), or --to-timestamp TIMESTAMP.");
    }
    return Target.parseVersion(target);
  }

  /** The --to-timestamp value: Unix seconds as in alteration file names, alone (not with a VERSION). */
  private BigDecimal timestamp() {
    if (target != null) {
      throw LogtoException.usage("Pass either a version (" + target + ") or --to-timestamp, not both.");
    }
    String text = toTimestamp.strip();
    if (!text.matches("\\d{1,10}(\\.\\d+)?")) {
      throw LogtoException.usage("--to-timestamp '" + toTimestamp + "' is not a timestamp: pass Unix seconds as in"
          + " alteration file names, such as 1700400000 (the applied alterations newer than it are reverted).");
    }
    return new BigDecimal(text);
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
