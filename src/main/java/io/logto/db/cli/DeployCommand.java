package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.jdbc.Database;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.Target;
import io.logto.db.run.AlterationRunner;
import io.logto.db.state.AlterationState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  RunOptions runOptions;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Optional<Target> requested = Optional.ofNullable(target).map(Target::parse);
    List<Alteration> all = alterations.load(session.environment);
    var settings = runOptions.settings();
    try (Database database = Database.open(connection.require(session.environment))) {
      AlterationState state = session.readState(database);
      session.requireWritable(database);
      Planner.checkNotAhead(all, state.timestamp());
      Target chosen = requested.orElseGet(() -> ask(session, all, state.timestamp()));
      DeployPlan plan = Planner.deploy(all, state.timestamp(), chosen);
      plan.target().ifPresent(t -> session.console.info("Deploy target " + session.console.green(t)));
      int count = plan.alterations().size();
      session.console.info("Found " + count + " alteration" + (count > 1 ? "s" : "") + " to deploy");
      AlterationRunner runner = session.runner(database, settings);
      Interrupts.running(runner);
      List<Alteration> done;
      try {
        done = runner.deploy(plan);
      } finally {
        Interrupts.finished();
      }
      reportSkipped(session, plan, done);
      if (!plan.leftPending().isEmpty()) {
        int left = plan.leftPending().size();
        session.console.info(Session.plural(left, "alteration") + " above the target " + (left == 1 ? "stays" : "stay")
            + " pending (deploy next or a higher version to apply " + (left == 1 ? "it" : "them") + ")");
      }
    }
    return ExitCodes.OK;
  }

  private static void reportSkipped(Session session, DeployPlan plan, List<Alteration> done) {
    List<Alteration> skipped = new ArrayList<>(plan.alterations());
    skipped.removeAll(done);
    if (!skipped.isEmpty()) {
      session.console.info(Session.plural(skipped.size(), "alteration")
          + " had already been deployed by another deployer meanwhile");
    }
  }

  private static Target ask(Session session, List<Alteration> all, BigDecimal state) {
    List<Alteration> pending = Planner.pending(all, state);
    if (pending.isEmpty()) {
      return new Target.Latest();
    }
    List<String> choices = new ArrayList<>(Planner.pendingVersions(all, state).stream().map(Version::toString).toList());
    if (pending.stream().anyMatch(a -> a.version().isNext())) {
      choices.add(AlterationVersion.NEXT_TAG);
    }
    if (!session.environment.interactive()) {
      throw LogtoException.usage("Missing target version: " + Session.plural(pending.size(), "alteration")
          + " pending. Pass one, e.g. `logto db alteration deploy " + choices.get(0)
          + "`, `latest` or `next` (not on a terminal, so logto cannot ask).");
    }
    String picked = session.environment.interaction()
        .choose("Choose the alteration target version", choices)
        .orElseThrow(() -> new LogtoException(ErrorCode.CANCELLED, "Cancelled; nothing was changed."));
    return Target.parse(picked);
  }
}
