package io.logto.db.diff;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.check.CheckListener;
import io.logto.db.check.PlanRunner;
import io.logto.db.check.ScratchServer;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.plan.Checks;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.snapshot.Snapshot;
import io.logto.db.snapshot.SnapshotDiff;
import io.logto.db.snapshot.SnapshotReader;
import io.logto.db.state.StateView;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Drift: a live database's schema against the schema its history builds. The history is the
 * alterations applied at the database's recorded state (the state row, less the scripts the
 * journal says were skipped), deployed on a scratch database; the live database is only read (its
 * state, its journal and its catalogs, in read-only transactions), so a read-only user will do.
 * A difference is "added" when the live database has something the history does not build,
 * "removed" when it lacks something the history builds, "changed" otherwise.
 */
public final class LiveDrift {
  private LiveDrift() {}

  /** Compares {@code live} (its state already read into {@code view}) with its history. */
  public static SchemaDiff run(List<Alteration> alterations, Database live, StateView view,
      Supplier<ScratchServer> servers, PlanRunner runner, boolean strictColumnOrder, CheckListener listener) {
    long started = System.nanoTime();
    BigDecimal state = view.state().timestamp();
    Planner.checkNotAhead(alterations, state);
    Checks.Report checks = Checks.of(alterations, view, io.logto.db.script.Checksums::ofAllUp);
    requireEveryScript(live, checks);
    List<Alteration> applied = Planner.applied(alterations, state).stream()
        .filter(a -> !checks.isSkipped(a)).toList();
    List<String> notes = notes(checks);
    String version = applied.isEmpty() ? "0.0.0" : applied.get(applied.size() - 1).version().toString();
    String from = "the history up to " + version + " (state " + state.toPlainString() + ", "
        + applied.size() + " alteration" + (applied.size() == 1 ? "" : "s") + ")";
    Snapshot actual = SnapshotReader.read(live);
    int liveVersion = serverVersion(live);
    try (ScratchServer server = servers.get()) {
      server.onWarning(listener::info);
      Scratch scratch = new Scratch(server, runner, listener, "drift check");
      try (Database database = server.open(server.createDatabase())) {
        int scratchVersion = serverVersion(database);
        if (liveVersion / 10000 != scratchVersion / 10000) {
          notes.add("The scratch server runs PostgreSQL " + scratchVersion / 10000 + " and " + live.description()
              + " PostgreSQL " + liveVersion / 10000 + ": some differences may come from the versions (for example"
              + " the public schema's grants). Pass --scratch-url with a server of the same major version");
        }
        if (!applied.isEmpty()) {
          scratch.deploy(database, alterations, new DeployPlan(Optional.of(version), applied, List.of(), BigDecimal.ZERO),
              "deploy to state " + state.toPlainString());
        }
        Snapshot expected = SnapshotReader.read(database);
        List<SchemaDiff.Change> changes = SnapshotDiff.compare(expected, actual, strictColumnOrder).stream()
            .map(d -> new SchemaDiff.Change(d, List.of())).toList();
        return new SchemaDiff(SchemaDiff.Mode.DRIFT, from, live.description(), List.of(), changes, notes,
            server.description(), Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  /** Refuses a database whose journal records scripts this logto lacks: their history cannot be rebuilt. */
  private static void requireEveryScript(Database live, Checks.Report checks) {
    if (!checks.missingFromTool().isEmpty()) {
      throw LogtoException.usage("Cannot rebuild the history of " + live.description() + ": its journal records "
          + checks.missingFromTool().stream().map(e -> e.script()).distinct().collect(Collectors.joining(", "))
          + " applied, which this logto does not have. Point --alterations at the scripts that match this"
          + " database, or upgrade logto.");
    }
  }

  /** The notes on a history rebuilt from scripts edited or skipped since they ran on the live database. */
  private static List<String> notes(Checks.Report checks) {
    List<String> notes = new ArrayList<>();
    for (Checks.Edited edited : checks.edited()) {
      notes.add("Alteration " + edited.alteration().fileName() + " was edited after it was applied: the history is"
          + " built with its current text, so a difference in what it creates may come from the edit");
    }
    for (Alteration skipped : checks.skipped()) {
      notes.add("Alteration " + skipped.fileName() + " was skipped (never applied): the history leaves it out");
    }
    return notes;
  }

  /** The server's version number ({@code 150004}). */
  private static int serverVersion(Database database) {
    try (Connection connection = database.dataSource().getConnection(); Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select current_setting('server_version_num')::int")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot query " + database.description() + ": "
          + SqlErrors.oneLine(e) + ".", e);
    }
  }
}
