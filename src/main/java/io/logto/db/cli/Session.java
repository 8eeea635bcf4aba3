package io.logto.db.cli;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.cli.render.Console;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.cli.render.JsonArray;
import io.logto.db.cli.render.JsonObject;
import io.logto.db.cli.render.ConsoleListener;
import io.logto.db.cli.render.Json;
import io.logto.db.cli.render.JsonListener;
import io.logto.db.run.RunListeners;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.run.AlterationRunner;
import io.logto.db.run.Deployment;
import io.logto.db.run.RunSettings;
import io.logto.db.jdbc.Transactions;
import io.logto.db.state.LogtoConfigsStateStore;
import io.logto.db.state.StateStore;
import io.logto.db.alteration.Alteration;
import io.logto.db.run.RunListener;
import io.logto.db.state.Journal;
import io.logto.db.state.JournalEntry;
import io.logto.db.state.PostgresJournal;
import io.logto.db.state.Drift;
import io.logto.db.state.SchemaFingerprints;
import io.logto.db.state.StateView;
import java.sql.Connection;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.sql.SQLException;
import picocli.CommandLine.Model.CommandSpec;

/** What every leaf command needs: the environment, the console and the state store. */
final class Session {
  final Environment environment;
  final Console console;
  /** The state table's name, resolved when first needed (commands that never connect never resolve it). */
  private final Supplier<String> stateTable;
  private StateStore store;
  final Journal journal = new PostgresJournal();

  /** The --json document, or null without --json. */
  final JsonObject json;
  private final boolean quiet;

  private Session(Environment environment, Console console, JsonObject json, boolean quiet,
      Supplier<String> stateTable) {
    this.stateTable = stateTable;
    this.quiet = quiet;
    this.environment = environment;
    this.console = console;
    this.json = json;
  }

  boolean isJson() {
    return json != null;
  }

  /** The JSON document (a throwaway object without --json). */
  JsonObject json() {
    return json == null ? Json.object() : json;
  }

  /** The JSON document's object field {@code name} (a throwaway object without --json). */
  JsonObject object(String name) {
    return json == null ? Json.object() : json.putObject(name);
  }

  /** The JSON document's array field {@code name} (a throwaway array without --json). */
  JsonArray array(String name) {
    return json == null ? Json.object().putArray(name) : json.putArray(name);
  }

  /**
   * A listener printing progress (with a live line on a terminal, unless quiet or --json), and
   * with --json recording it into {@code array}.
   */
  RunListener listener(JsonArray array, int total) {
    boolean live = environment.interactive() && !quiet && json == null;
    ConsoleListener consoleListener = new ConsoleListener(console, live ? environment.out() : null, total);
    // without --json, nothing would read what a JsonListener records
    return json == null ? consoleListener : RunListeners.of(consoleListener, new JsonListener(array));
  }

  static Session of(CommandSpec spec) {
    LogtoCommand root = (LogtoCommand) spec.root().userObject();
    Environment environment = root.noColor ? root.environment().withoutColor() : root.environment();
    boolean color = environment.color() && !root.noColor;
    Supplier<String> stateTable = () -> GlobalOptions.stateTable(spec);
    if (root.json) {
      root.result().put("command", spec.name());
      var warnings = root.result().putArray("warnings");
      return new Session(environment, new Console(environment.err(), environment.err(), color, root.quiet,
          warnings::add, root.transcript), root.result(), root.quiet, stateTable);
    }
    return new Session(environment, new Console(environment.out(), environment.err(), color, root.quiet, w -> { },
        root.transcript), null, root.quiet, stateTable);
  }

  /** The state store, on the table {@code --state-table} or {@code LOGTO_STATE_TABLE} names (logto_configs by default). */
  synchronized StateStore store() {
    if (store == null) {
      store = new LogtoConfigsStateStore(stateTable.get());
    }
    return store;
  }

  /** The state and the journal, read together without taking any lock. */
  /** The state and the schema's drift, read in one read-only transaction. */
  record Reading(StateView view, Drift drift) {}

  /**
   * {@link #read} and {@link SchemaFingerprints#compare(Connection, StateStore)} in one read-only
   * transaction (one connection, one snapshot): the drift is not lost when it cannot be read, it is
   * {@link Drift.Status#NOT_CHECKED} with the reason.
   */
  Reading readWithDrift(Database database) {
    return readOnly(database, c -> new Reading(StateView.read(c, store(), journal),
        SchemaFingerprints.compareOrExplain(c, store())));
  }

  StateView read(Database database) {
    return readOnly(database, c -> StateView.read(c, store(), journal));
  }

  /** {@code work} in a read-only transaction; a failure is the state that could not be read. */
  private <T> T readOnly(Database database, Transactions.Work<T> work) {
    try (Connection connection = database.dataSource().getConnection()) {
      return Transactions.readOnly(connection, work);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the alteration state from "
          + database.description() + ": " + SqlErrors.oneLine(e)
          + ". Check that the user may read " + store().table() + ".", e);
    }
  }

  /**
   * Compares the schema with the fingerprint recorded after the last run that changed it (see
   * {@link SchemaFingerprints}): a warning when it was changed outside logto, with {@code strict}
   * a failed check (exit 4) before anything runs. Records the result in the JSON document.
   * {@code deploy} and {@code rollback} compare only when they will run an alteration: with nothing
   * to do they carry no hand-made change forward, and the comparison is a catalog query that would
   * cost "nothing to do" a tenth of its time at a thousand tables (docs/performance.md); then
   * {@code run} is false and the document says {@code not-checked}.
   */
  Drift checkDrift(Database database, boolean strict, boolean run) {
    if (!run) {
      Drift skipped = new Drift(Drift.Status.NOT_CHECKED, java.util.Optional.empty(), java.util.Optional.empty(),
          java.util.Optional.of("nothing to run, so the schema was not compared (status compares it)"));
      Json.drift(object("drift"), skipped);
      return skipped;
    }
    Drift drift = SchemaFingerprints.compare(database.dataSource(), store());
    Json.drift(object("drift"), drift);
    if (drift.drifted() && strict) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, drift.warning().orElseThrow() + " (--strict; nothing was"
          + " changed)");
    }
    drift.warning().ifPresent(console::warn);
    return drift;
  }

  /** After a run that applied or reverted alterations: records the schema's fingerprint, or warns why not. */
  void recordFingerprint(Database database, String command) {
    SchemaFingerprints.record(database.dataSource(), store(), command, VersionProvider.toolVersion()).ifPresent(console::warn);
  }

  /** Opens the database; Ctrl-C before any alteration runs closes it (stopping an embedded server) and exits. */
  Database open(DatabaseUrl url) {
    Logging.quietDriver();
    Database database = Database.open(url);
    Interrupts.opened(database);
    return database;
  }

  /** Refuses a hot standby or read-only database before any plan runs. */
  void requireWritable(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      ServerChecks.requireWritable(connection, database.description());
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot query " + database.description() + ": "
          + SqlErrors.oneLine(e) + ".", e);
    }
  }

  /** A runner for this session's database, printing progress on the console. */
  /** The deploy and rollback use case on this database, with the pooler check against its URL. */
  Deployment deployment(Database database, RunSettings settings) {
    return new Deployment(database.dataSource(), store(), journal, settings,
        connection -> ServerChecks.poolerSuspicion(connection, database.url()), VersionProvider.toolVersion(),
        database.description());
  }

  AlterationRunner runner(Database database, RunSettings settings, RunListener listener) {
    return new AlterationRunner(database.dataSource(), store(), journal, settings, listener,
        connection -> settings.directConnection() ? java.util.Optional.empty()
            : ServerChecks.poolerSuspicion(connection, database.url()), VersionProvider.toolVersion());
  }

  static String plural(int n, String word) {
    return n + " " + word + (n > 1 ? "s" : "");
  }
}
