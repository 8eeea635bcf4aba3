package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.Target;
import io.logto.db.run.Deployment;
import java.math.BigDecimal;
import io.logto.db.state.StateView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logto db alteration deploy [version]}. */
@Command(name = "deploy", description = {"Deploy the pending alterations up to a target version, each in its own"
    + " transaction that also moves the alteration state; a failure changes nothing and re-running continues."})
final class DeployCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
      description = "A version (1.2.0, v1.2.0, 1.0.0-beta.10 or 1.0.0_beta.10), latest (the newest pending"
          + " release) or next (everything, unreleased included). Asked on a terminal when omitted.")
  String target;

  @Option(names = "--dry-run", description = "Show the plan and the SQL it would run; change nothing, take no lock.")
  boolean dryRun;

  @Option(names = "--analyze", description = "With --dry-run: run the pending alterations on a scratch server"
      + " (--scratch-url, else a throwaway embedded PostgreSQL) to measure what they lock, rewrite and break, and"
      + " print the size of every table a hazard touches, read from the database read-only. See docs/check.md.")
  boolean analyze;

  @Mixin
  ScratchOption scratch;

  @Option(names = "--include-skipped", description = "Also apply skipped alterations (older than the state but"
      + " never applied, e.g. merged late), before the pending ones.")
  boolean includeSkipped;

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
    Optional<Target> requested = Optional.ofNullable(target).map(Target::parse);
    requireDryRunToAnalyze();
    var settings = runOptions.settings();
    Opening.Loaded loaded = Opening.load(session, connection, alterations);
    List<Alteration> all = loaded.alterations();
    try (Database database = loaded.database()) {
      StateView view = loaded.view();
      Json.state(session.object("stateBefore"), view.state());
      Deployment deployment = session.deployment(database, settings);
      Deployment.Deploy deploy = deployment.planDeploy(all, view, new Deployment.Policy(strict, includeSkipped, dryRun),
          state -> requested.orElseGet(() -> ask(session, all, state)), session.console::warn);
      DeployPlan plan = deploy.plan();
      plan.target().ifPresent(t -> session.console.info("Deploy target " + session.console.green(t)));
      plan.target().ifPresentOrElse(t -> session.json().put("target", t), () -> session.json().putNull("target"));
      int count = deploy.count();
      session.console.info("Found " + count + " alteration" + (count > 1 ? "s" : "") + " to deploy");
      session.checkDrift(database, strict, count > 0);
      if (dryRun) {
        dryRun(session, database, all, view, deploy);
        return ExitCodes.OK;
      }
      JsonArray applied = session.array("alterations");
      if (count > 0) {
        try {
          List<Alteration> done = deployment.deploy(all, deploy, session.listener(applied, count), Interrupts::running);
          reportConcurrent(session, count, done.size());
        } finally {
          Interrupts.finished();
        }
        session.recordFingerprint(database, "deploy");
      }
      reportLeftPending(session, plan);
      if (session.isJson()) {
        Json.state(session.object("stateAfter"), session.read(database).state());
      }
    }
    return ExitCodes.OK;
  }

  private void requireDryRunToAnalyze() {
    if (analyze && !dryRun) {
      throw LogtoException.usage("--analyze runs the pending alterations on a scratch server, which only a dry run"
          + " does: add --dry-run (deploy --dry-run --analyze).");
    }
  }

  /** What {@code --dry-run} prints: the plan, and with {@code --analyze} the hazards of the pending alterations. */
  private void dryRun(Session session, Database database, List<Alteration> all, StateView view,
      Deployment.Deploy deploy) {
    DryRun.print(session, deploy.skipped(), deploy.plan().alterations(), Direction.UP);
    if (analyze) {
      List<Alteration> pending = java.util.stream.Stream.concat(deploy.skipped().stream(),
          deploy.plan().alterations().stream()).toList();
      DryRunAnalysis.print(session, database, all, view.state().timestamp(), pending,
          scratch.resolve(session.environment));
    }
  }

  private static void reportConcurrent(Session session, int planned, int done) {
    if (done < planned) {
      session.console.info(Session.plural(planned - done, "alteration")
          + " had already been deployed by another deployer meanwhile");
    }
  }

  /** What stays pending: above the target, or (nothing released pending) the unreleased next ones. */
  private static void reportLeftPending(Session session, DeployPlan plan) {
    int left = plan.leftPending().size();
    if (left == 0) {
      return;
    }
    String them = left == 1 ? "it" : "them";
    if (plan.target().isEmpty()) {
      session.console.info(Session.plural(left, "unreleased (next) alteration") + (left == 1 ? " is" : " are")
          + " pending: deploy next applies " + them);
      return;
    }
    session.console.info(Session.plural(left, "alteration") + " above the target " + (left == 1 ? "stays" : "stay")
        + " pending (deploy next or a higher version to apply " + them + ")");
  }

  /**
   * The target when none was given: as the Logto CLI, only released versions count, so with only
   * {@code next} alterations pending nothing is deployed; otherwise the user picks one of the
   * pending released versions, newest first (off a terminal: a usage error).
   */
  private static Target ask(Session session, List<Alteration> all, BigDecimal state) {
    List<String> choices = Planner.pendingVersions(all, state).stream().map(Version::toString).toList();
    if (choices.isEmpty()) {
      return new Target.Latest();
    }
    if (!session.environment.interactive()) {
      int pending = Planner.pending(all, state).size();
      throw LogtoException.usage("Missing target version: " + Session.plural(pending, "alteration")
          + " pending. Pass one, e.g. `logto db alteration deploy " + choices.get(0)
          + "`, `latest` or `next` (not on a terminal, so logto cannot ask).");
    }
    String picked = session.environment.interaction()
        .choose("Choose the alteration target version", choices)
        .orElseThrow(() -> new LogtoException(ErrorCode.CANCELLED, "Cancelled; nothing was changed."));
    return Target.parse(picked);
  }
}
