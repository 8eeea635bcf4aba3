package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.cli.render.JsonObject;
import io.logto.db.alteration.Alteration;
import io.logto.db.cli.render.ConsoleListener;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.script.Checksums;
import io.logto.db.plan.Checks;
import io.logto.db.state.JournalEntry;
import java.time.Duration;
import io.logto.db.state.StateView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logto db alteration list}: every alteration in order, with its state when a database is given. */
@Command(name = "list", aliases = "ls", description = {"List every alteration in timestamp order; with a database"
    + " (--db-url, DB_URL or .env), the state of each: applied (when, how long), pending, skipped, edited,"
    + " or missing from this tool."})
final class ListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    List<Alteration> all = alterations.load(session.environment);
    Optional<DatabaseUrl> url = connection.resolve(session.environment);
    JsonArray array = session.array("alterations");
    if (url.isEmpty()) {
      session.json().putNull("database");
      for (Alteration alteration : all) {
        Json.alteration(array.addObject(), alteration);
        session.console.plain(alteration.fileName());
      }
      return ExitCodes.OK;
    }
    try (Database database = session.open(url.get())) {
      session.json().put("database", database.description());
      StateView view = session.read(database);
      Json.state(session.object("state"), view.state());
      Checks.Report report = Checks.of(all, view, Checksums::ofAllUp);
      int applied = 0;
      for (Alteration alteration : all) {
        applied += list(session, array.addObject(), alteration, view, report) ? 1 : 0;
      }
      for (JournalEntry missing : report.missingFromTool()) {
        listMissing(session, array.addObject(), missing);
      }
      summarise(session, database.description(), view, all, applied);
    }
    return ExitCodes.OK;
  }

  /** Prints and records one alteration with its status; true when it is applied. */
  private static boolean list(Session session, JsonObject node, Alteration alteration, StateView view,
      Checks.Report report) {
    Json.alteration(node, alteration);
    String status = status(alteration, view, report);
    node.put("status", status);
    String when = "";
    Optional<JournalEntry> last = report.last(alteration).filter(JournalEntry::applies);
    boolean applied = alteration.isAppliedAt(view.state().timestamp());
    if (applied && last.isPresent() && !last.get().direction().equals(JournalEntry.BASELINE)) {
      node.put("appliedAt", last.get().startedAt().toString());
      node.put("durationMs", last.get().durationMs());
      when = "  " + last.get().startedAt() + " ("
          + ConsoleListener.format(Duration.ofMillis(last.get().durationMs())) + ")";
    }
    session.console.plain(String.format("%-8s %s%s", status, alteration.fileName(), when));
    return applied;
  }

  /** Prints and records a script the journal has and this tool lacks. */
  private static void listMissing(Session session, JsonObject node, JournalEntry missing) {
    node.put("script", missing.script());
    node.put("version", missing.version());
    node.put("timestamp", missing.timestamp());
    node.put("status", "missing");
    session.console.plain(String.format("%-8s %s  (applied, but this logto does not have it)", "missing",
        missing.script()));
  }

  /** The closing line (state, applied and pending counts) and the warning of a database ahead of the tool. */
  private static void summarise(Session session, String database, StateView view, List<Alteration> all,
      int applied) {
    String at = view.state().timestamp().signum() == 0 ? "no alteration applied"
        : "state timestamp " + view.state().timestamp().toPlainString()
            + view.state().updatedAt().map(u -> ", updated at " + u).orElse("");
    session.console.info(database + ": " + at + "; " + applied + " applied, " + (all.size() - applied) + " pending");
    if (!all.isEmpty() && view.state().timestamp().compareTo(all.get(all.size() - 1).timestamp()) > 0) {
      session.console.warn("The database is ahead of this tool: its state is above every alteration"
          + " this logto knows. Upgrade logto.");
    }
  }

  static String status(Alteration alteration, StateView view, Checks.Report report) {
    if (report.isSkipped(alteration)) {
      return "skipped";
    }
    if (!alteration.isAppliedAt(view.state().timestamp())) {
      return "pending";
    }
    return report.isEdited(alteration) ? "edited" : "applied";
  }
}
