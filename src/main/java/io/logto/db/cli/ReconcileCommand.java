package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.run.Reconciliation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logto db alteration reconcile}: records in the journal what an operator decided where the
 * journal and the state disagree; runs no script.
 */
@Command(name = "reconcile", description = {"Record a decision where the journal and the state disagree, without"
    + " running any script: --reverted FILE (above the state but applied by the journal: its changes are gone,"
    + " so deploy runs it again), --applied FILE (a skipped script whose changes are in the database), or"
    + " --restore-state (move the state up to the newest script the journal applied)."})
final class ReconcileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--reverted", paramLabel = "FILE", arity = "1..*",
      description = "Alterations above the state whose changes are gone from the database: recorded as reverted.")
  List<String> reverted = new ArrayList<>();

  @Option(names = "--applied", paramLabel = "FILE", arity = "1..*",
      description = "Skipped alterations whose changes are in the database: recorded as applied.")
  List<String> applied = new ArrayList<>();

  @Option(names = "--restore-state", description = "Move the state up to the newest alteration the journal applied"
      + " (the state row was moved back but the changes are still there).")
  boolean restoreState;

  @Option(names = "--lock-wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
      description = "How long to wait for another deployer's lock (default: ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    if (reverted.isEmpty() && applied.isEmpty() && !restoreState) {
      throw LogtoException.usage("Missing decision: give --reverted FILE, --applied FILE or --restore-state"
          + " (`logto db alteration status` lists where the journal and the state disagree).");
    }
    Opening.Loaded loaded = Opening.load(session, connection, alterations);
    try (Database database = loaded.database()) {
      session.requireWritable(database);
      Reconciliation.Result result = new Reconciliation(database.dataSource(), session.store(), session.journal,
          VersionProvider.toolVersion()).run(loaded.alterations(), reverted, applied, restoreState, lockWait);
      var json = session.json();
      var revertedJson = json.putArray("reverted");
      for (Alteration alteration : result.reverted()) {
        session.console.info("Recorded " + alteration.fileName() + " as reverted; the next deploy runs it again");
        revertedJson.add(alteration.fileName());
      }
      var appliedJson = json.putArray("applied");
      for (Alteration alteration : result.applied()) {
        session.console.info("Recorded " + alteration.fileName() + " as applied; no deploy will run it");
        appliedJson.add(alteration.fileName());
      }
      result.restoredState().ifPresentOrElse(state -> {
        session.console.info("Moved the alteration state up to timestamp " + state.toPlainString());
        json.put("restoredState", state);
      }, () -> json.putNull("restoredState"));
    }
    return ExitCodes.OK;
  }
}
