package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.state.AlterationState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logto db alteration list}: every alteration in order, with its state when a database is given. */
@Command(name = "list", aliases = "ls", description = {"List every alteration in timestamp order; with a database"
    + " (--db-url, DB_URL or .env), whether each is applied or pending."})
final class ListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    List<Alteration> all = alterations.load(session.environment);
    Optional<DatabaseUrl> url = connection.resolve(session.environment);
    if (url.isEmpty()) {
      all.forEach(a -> session.console.plain(a.fileName()));
      return ExitCodes.OK;
    }
    try (Database database = Database.open(url.get())) {
      AlterationState state = session.readState(database);
      int applied = 0;
      for (Alteration alteration : all) {
        boolean isApplied = alteration.isAppliedAt(state.timestamp());
        applied += isApplied ? 1 : 0;
        session.console.plain((isApplied ? "applied  " : "pending  ") + alteration.fileName());
      }
      String at = state.timestamp().signum() == 0 ? "no alteration applied"
          : "state timestamp " + state.timestamp().toPlainString()
              + state.updatedAt().map(u -> ", updated at " + u).orElse("");
      session.console.info(database.description() + ": " + at + "; " + applied + " applied, "
          + (all.size() - applied) + " pending");
      if (!all.isEmpty() && state.timestamp().compareTo(all.get(all.size() - 1).timestamp()) > 0) {
        session.console.warn("The database is ahead of this tool: its state is above every alteration"
            + " this logto knows. Upgrade logto.");
      }
    }
    return ExitCodes.OK;
  }
}
