package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Database;
import io.logto.db.script.Checksums;
import io.logto.db.plan.Checks;
import io.logto.db.plan.Status;
import io.logto.db.state.StateView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code logto db alteration status}: where the database is, what is pending, what the checks found. */
@Command(name = "status", description = {"Show the database's version, what is pending, the checks' warnings, and"
    + " whether the schema was changed outside logto since its last deploy or rollback.",
    "With --exit-code: 0 up to date, 10 pending alterations, 4 a check failed."})
final class StatusCommand implements Callable<Integer> {
  static final int PENDING = ExitCodes.PENDING;

  @Spec
  CommandSpec spec;

  @Option(names = "--exit-code", description = "Exit 0 when up to date, 10 with pending alterations, 4 when a check"
      + " failed (skipped script, database ahead, or with --strict an edited script or a schema changed outside"
      + " logto).")
  boolean exitCode;

  @Option(names = "--strict", description = "Count an edited applied alteration, or a schema changed outside logto"
      + " since its last deploy or rollback, as a failed check (exit 4).")
  boolean strict;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Opening.Loaded loaded = Opening.loadWithDrift(session, connection, alterations);
    List<Alteration> all = loaded.alterations();
    try (Database database = loaded.database()) {
      StateView view = loaded.view();
      Status status = Status.of(all, view.state(), Checks.of(all, view, Checksums::ofAllUp), loaded.drift());
      session.console.info(database.description() + ": " + status.summary());
      session.console.info(status.pendingLine());
      if (!status.drift().drifted()) {
        session.console.info(status.drift().summary());
      }
      status.warnings().forEach(session.console::warn);
      Json.status(session.json(), database.description(), status, view.state(), strict);
      boolean strictFailure = strict && (!status.checks().edited().isEmpty() || status.drift().drifted());
      if (status.checkFailed(strict) && (exitCode || strictFailure)) {
        List<String> problems = status.warnings();
        throw new LogtoException(ErrorCode.CHECK_FAILED, "A check failed: " + problems.get(0)
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more, above)" : ""));
      }
      if (exitCode && !status.upToDate()) {
        return PENDING;
      }
    }
    return ExitCodes.OK;
  }
}
