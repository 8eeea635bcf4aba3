package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.check.CheckListener;
import io.logto.db.cli.render.Console;
import io.logto.db.cli.render.ConsoleListener;
import io.logto.db.cli.render.DiffReport;
import io.logto.db.cli.render.Json;
import io.logto.db.diff.LiveDrift;
import io.logto.db.diff.SchemaDiff;
import io.logto.db.diff.VersionDiff;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
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

/**
 * {@code logto db alteration diff [FROM [TO]]}: the schema change between two versions, or without
 * versions the drift of a live database from its history (see docs/diff.md).
 */
@Command(name = "diff", description = {"Show the schema change between two versions, built on scratch databases"
    + " (tables, columns, constraints, indexes, types, sequences, views, functions, triggers, policies, grants),"
    + " with the alterations of each version in between; or, without versions and with --db-url, what was changed"
    + " in a live database outside its history (read-only). See docs/diff.md."},
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {
        " 0:The comparison ran (between versions, whatever it found); no drift (with --db-url)",
        " 1:An alteration failed on the scratch database, or a server refused or could not be reached",
        " 2:Bad usage or input (versions, options, --alterations path), or a rollback the history refuses",
        " 4:Drift: the live database differs from what its history builds",
        "130:Interrupted (Ctrl-C); 143: terminated (SIGTERM)"})
final class DiffCommand implements Callable<Integer> {
  /** How the report is printed (--json is the third form). */
  enum Format { text, markdown }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FROM",
      description = "The version to compare from (1.2.0, v1.2.0, next, latest, or 0.0.0 for an empty database)."
          + " Without versions: the drift of the database of --db-url.")
  String from;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TO",
      description = "The version to compare to (default: the newest released version). Below FROM: the change"
          + " a rollback makes.")
  String to;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  ScratchOption scratch;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default; coloured on a terminal) or markdown (for a pull-request comment; the [info]"
          + " lines go to stderr). --json prints a JSON document instead.")
  Format format;

  @Option(names = "--strict-column-order", description = "Count a different column order as a change.")
  boolean strictColumnOrder;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Logging.quietDriver();
    LogtoCommand root = (LogtoCommand) spec.root().userObject();
    boolean markdown = format == Format.markdown && !session.isJson();
    // with markdown, stdout is the document alone: the [info] and [warn] lines go to stderr
    Console info = markdown ? new Console(session.environment.err(), session.environment.err(),
        session.environment.color() && !root.noColor, root.quiet) : session.console;
    Optional<DatabaseUrl> scratchUrl = scratch.resolve(session.environment);
    List<Alteration> all = alterations.load(session.environment);
    SchemaDiff diff;
    if (from != null) {
      if (connection.url != null) {
        throw LogtoException.usage("diff compares either two versions or a database with its history: pass FROM"
            + " [TO], or --db-url without versions, not both.");
      }
      VersionDiff.Plan plan = VersionDiff.plan(all, from, Optional.ofNullable(to));
      diff = VersionDiff.run(all, plan, ScratchOption.servers(scratchUrl), CheckCommand.runner(session),
          strictColumnOrder, listener(info, root.verbose));
    } else {
      diff = live(session, all, scratchUrl, info, root.verbose);
    }
    print(session, info, diff, markdown);
    if (from == null) {
      session.json().put("drifted", !diff.changes().isEmpty());
      if (!diff.changes().isEmpty()) {
        throw new LogtoException(ErrorCode.CHECK_FAILED, "The schema of " + diff.to() + " differs from what its"
            + " history builds: " + Session.plural(diff.changes().size(), "change") + ", listed above. It was changed"
            + " outside logto; put the changes you keep in an alteration, and undo the others.");
      }
      info.info("No drift: the schema of " + diff.to() + " is what " + diff.from() + " builds");
    }
    return ExitCodes.OK;
  }

  /** The drift of the database {@code --db-url} names: its schema against the one its history builds. */
  private SchemaDiff live(Session session, List<Alteration> all, Optional<DatabaseUrl> scratchUrl, Console info,
      boolean verbose) {
    DatabaseUrl url = connection.resolve(session.environment).orElseThrow(() -> LogtoException.usage("Nothing to"
        + " compare: pass two versions (`logto db alteration diff 1.0.0 1.2.0`), or a database to compare with its"
        + " history (--db-url URL, DB_URL or .env)."));
    Database database = session.open(url);
    try {
      StateView view = session.read(database);
      Json.state(session.object("state"), view.state());
      session.json().put("database", database.description());
      return LiveDrift.run(all, database, view, ScratchOption.servers(scratchUrl), CheckCommand.runner(session),
          strictColumnOrder, listener(info, verbose));
    } finally {
      database.close();
    }
  }

  private void print(Session session, Console info, SchemaDiff diff, boolean markdown) {
    String arrow = DiffReport.arrow();
    DiffReport.json(session.json(), diff, arrow);
    session.json().put("durationMs", diff.duration().toMillis());
    diff.notes().forEach(info::warn);
    if (markdown) {
      session.environment.out().print(DiffReport.markdown(diff, arrow));
      session.environment.out().flush();
    } else {
      DiffReport.text(diff, session.console, arrow).forEach(session.console::plain);
    }
    if (diff.mode() != SchemaDiff.Mode.SAME && !diff.builtOn().equals(SchemaDiff.NOT_BUILT)) {
      info.info("Built on " + diff.builtOn() + " (" + ConsoleListener.format(diff.duration()) + ")");
    }
  }

  /** Prints the steps with -v; warnings of the scratch server as [info] lines. */
  private static CheckListener listener(Console info, boolean verbose) {
    return new CheckListener() {
      @Override
      public void info(String message) {
        info.info(message);
      }

      @Override
      public void step(String description) {
        if (verbose) {
          info.info("  " + description);
        }
      }
    };
  }
}
