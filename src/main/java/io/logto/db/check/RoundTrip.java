package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.Planner;
import io.logto.db.plan.Target;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import io.logto.db.snapshot.Difference;
import io.logto.db.snapshot.Snapshot;
import io.logto.db.snapshot.SnapshotDiff;
import io.logto.db.snapshot.SnapshotReader;
import io.logto.db.state.StateStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The round trip on a scratch database, through the real planner and the caller's runner: deploy
 * version by version from empty, snapshotting after each; roll back version by version comparing
 * with the snapshot of that version (and finally with the empty database); deploy to the top again
 * and compare with the first top snapshot. Rollbacks stop at the version of the newest script
 * without a down section. An expected schema, when given, is compared with the top snapshot.
 */
final class RoundTrip {
  /** An expected schema: the SQL file's name (for the report) and its text. */
  record Expected(String name, String sql) {}

  private static final Version ZERO = Version.parse("0.0.0");

  private final List<Alteration> alterations;
  private final List<AlterationVersion> versions;
  private final ScratchServer server;
  private final PlanRunner runner;
  private final boolean strictColumnOrder;
  private final CheckListener listener;
  private final StateStore store;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Snapshot> up = new ArrayList<>();

  RoundTrip(List<Alteration> alterations, ScratchServer server, PlanRunner runner, boolean strictColumnOrder,
      CheckListener listener) {
    this.alterations = List.copyOf(alterations);
    this.versions = alterations.stream().map(Alteration::version).distinct().sorted().toList();
    this.server = server;
    this.runner = runner;
    this.store = runner.stateStore();
    this.strictColumnOrder = strictColumnOrder;
    this.listener = listener;
  }

  /** The schema after each version on the way up (after {@link #run}), in the order of {@link #versions()}. */
  List<Snapshot> snapshots() {
    return List.copyOf(up);
  }

  /** The distinct versions of the history, lowest first ({@code next} last). */
  List<AlterationVersion> versions() {
    return versions;
  }

  /**
   * Runs the round trip; rollbacks go no lower than the version of {@code floor} (the newest
   * script that cannot be reverted), if any. Returns the differences found, as problems.
   */
  List<Problem> run(Optional<Alteration> floor, Optional<Expected> expected) {
    Optional<Snapshot> expectedSnapshot = expected.map(this::build);
    DatabaseUrl scratch = server.createDatabase();
    try (Database database = server.open(scratch)) {
      createStateTable(database); // in every snapshot, the empty one too: --state-table may name a table they show
      Snapshot empty = snapshot(database);
      for (AlterationVersion version : versions) {
        deploy(database, version, "deploy to " + version);
        up.add(snapshot(database));
      }
      int last = versions.size() - 1;
      Snapshot top = last < 0 ? empty : up.get(last);
      String topLabel = last < 0 ? "0.0.0" : versions.get(last).toString();
      if (expectedSnapshot.isPresent()) {
        compare("after deploy to " + topLabel + ", compared with " + expected.get().name(), expectedSnapshot.get(),
            top);
      }
      int lowest = floor.map(a -> versions.indexOf(a.version())).orElse(-1);
      boolean rolledBack = false;
      for (int i = last - 1; i >= Math.max(lowest, 0); i--) {
        Version target = versions.get(i).release().orElseThrow();
        rollback(database, target);
        compare("after rollback to " + target, up.get(i), snapshot(database));
        rolledBack = true;
      }
      if (lowest < 0 && last >= 0) {
        rollback(database, ZERO);
        compare("after rollback to " + ZERO, empty, snapshot(database));
        rolledBack = true;
      }
      if (rolledBack) {
        deploy(database, versions.get(last), "deploy to " + topLabel + " again");
        compare("after deploy to " + topLabel + " again", top, snapshot(database));
      }
    }
    return List.copyOf(problems);
  }

  private void deploy(Database database, AlterationVersion version, String step) {
    during(step, () -> {
      Target target = version.release().<Target>map(Target.Exact::new).orElseGet(Target.Next::new);
      runner.deploy(database, alterations, Planner.deploy(alterations, state(database), target));
    });
  }

  private void rollback(Database database, Version target) {
    during("rollback to " + target,
        () -> runner.rollback(database, alterations, Planner.rollback(alterations, state(database), target)));
  }

  /** Runs a step; a failure keeps its report (file, line, SQLSTATE) and says which step of the check it was. */
  private void during(String step, Runnable work) {
    listener.step(step);
    try {
      work.run();
    } catch (LogtoException e) {
      if (e.code() == ErrorCode.CANCELLED) {
        throw new LogtoException(ErrorCode.CANCELLED, "Check cancelled during its step '" + step + "'; its scratch"
            + " databases are dropped and no other database was changed.", e);
      }
      List<String> details = new ArrayList<>(e.details());
      details.add("The check failed at its step '" + step + "', on a scratch database on " + server.description()
          + "; no other database was changed.");
      throw new LogtoException(e.code(), e.getMessage(), details, e.getCause() == null ? e : e.getCause());
    }
  }

  private void compare(String step, Snapshot expected, Snapshot actual) {
    for (Difference difference : SnapshotDiff.compare(expected, actual, strictColumnOrder)) {
      Problem problem = new Problem(step, difference.object(), difference.message());
      problems.add(problem);
      listener.problem(problem);
    }
  }

  private BigDecimal state(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      return Transactions.readOnly(connection, store::read).timestamp();
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the alteration state of " + database.description()
          + ": " + SqlErrors.oneLine(e) + ".", e);
    }
  }

  private void createStateTable(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      store.ensureTable(connection);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot create the state table " + store.table() + " in "
          + database.description() + ": " + SqlErrors.oneLine(e) + ".", e);
    }
  }

  private static Snapshot snapshot(Database database) {
    return SnapshotReader.read(database);
  }

  /** Builds the expected schema in a scratch database of its own and snapshots it. */
  private Snapshot build(Expected expected) {
    List<SqlStatement> statements;
    try {
      statements = SqlSplitter.split(expected.sql());
    } catch (SqlSplitter.SqlSplitException e) {
      throw LogtoException.usage("The --expect file " + expected.name() + " has an " + e.getMessage()
          + " starting at line " + SqlSplitter.lineOf(expected.sql(), e.offset()) + ". Close it.");
    }
    listener.step("build the expected schema from " + expected.name());
    try (Database database = server.open(server.createDatabase())) {
      execute(database, expected, statements);
      return snapshot(database);
    }
  }

  private static void execute(Database database, Expected expected, List<SqlStatement> statements) {
    try (Connection connection = database.dataSource().getConnection();
        Statement st = connection.createStatement()) {
      for (SqlStatement statement : statements) {
        try {
          st.execute(statement.sql());
        } catch (SQLException e) {
          int position = SqlErrors.serverError(e).map(SqlErrors.ServerError::position).orElse(0);
          int at = statement.offset() + Math.max(position - 1, 0);
          throw LogtoException.usage("The --expect file " + expected.name() + " failed at line "
              + SqlSplitter.lineOf(expected.sql(), at) + ": " + SqlErrors.oneLine(e) + ". Fix the file: it must"
              + " build, on an empty database, the schema the alterations should produce.");
        }
      }
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot build the expected schema on "
          + database.description() + ": " + SqlErrors.oneLine(e) + ".", e);
    }
  }
}
