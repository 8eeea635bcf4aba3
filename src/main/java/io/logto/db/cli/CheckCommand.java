package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.cli.render.JsonObject;
import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.check.CheckListener;
import io.logto.db.check.HistoryCheck;
import io.logto.db.check.PlanRunner;
import io.logto.db.check.Problem;
import io.logto.db.cli.render.ConsoleListener;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.run.AlterationRunner;
import io.logto.db.run.RunListener;
import io.logto.db.run.RunSettings;
import io.logto.db.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.logto.db.analysis.Finding;
import io.logto.db.cli.render.HazardReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code logto db alteration check}: proves an alteration history sound (see docs/check.md). */
@Command(name = "check", description = {"Prove an alteration history sound before it ships: static checks of the"
    + " scripts, then a round trip on scratch databases (deploy version by version, roll back comparing schema"
    + " snapshots, deploy again). See docs/check.md."},
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {
        " 0:The history is sound",
        " 1:An alteration failed during the round trip, or the server refused or could not be reached",
        " 2:Bad usage or input (options, --alterations path, --expect file)",
        " 4:Problems found: static problems or schema differences, one line each; or unaccepted hazards",
        "130:Interrupted (Ctrl-C); 143: terminated (SIGTERM)"})
final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  AlterationsOption alterations;

  @Mixin
  ScratchOption scratch;

  /** The old spelling of --scratch-url, kept working with a deprecation warning. */
  @Option(names = {"--db-url", "--db", "--database-url"}, paramLabel = "URL", hidden = true)
  String deprecatedDbUrl;

  @Option(names = "--expect", paramLabel = "FILE.sql",
      description = "Also compare the schema at the top of the history with one built by running this SQL file.")
  Path expect;

  @Option(names = "--strict-column-order", description = "Count a different column order as a difference.")
  boolean strictColumnOrder;

  @Option(names = "--static-only", description = "Only the checks that need no database.")
  boolean staticOnly;

  @Option(names = "--hazards", paramLabel = "fail|warn|off", converter = HazardsConverter.class,
      description = "What unaccepted hazards (locks, rewrites, scans, breaks of the previous version measured during"
          + " the round trip, see docs/check.md) do: fail the check with exit 4 (default), warn (report only), or off"
          + " (not analysed).")
  HistoryCheck.Hazards hazards = HistoryCheck.Hazards.FAIL;

  @Option(names = "--state-table", paramLabel = "NAME", description = "The table the round trip keeps the state row"
      + " in, as deploy and rollback (default: $LOGTO_STATE_TABLE, else logto_configs).")
  String stateTable;

  @Mixin
  JsonOption jsonOption;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    refuseDatabaseBeforeCheck();
    session.store(); // a --state-table it cannot use is a usage error before any check runs
    Logging.quietDriver();
    boolean verbose = ((LogtoCommand) spec.root().userObject()).verbose;
    Path workingDirectory = session.environment.workingDirectory();
    HistoryCheck.Options options = new HistoryCheck.Options(
        Optional.ofNullable(alterations.path).map(workingDirectory::resolve),
        scratchServer(session),
        Optional.ofNullable(expect).map(workingDirectory::resolve), strictColumnOrder, staticOnly, hazards);
    HistoryCheck.Report report = HistoryCheck.run(options, CheckCommand.class.getClassLoader(),
        runner(session), listener(session, verbose));
    String took = " (" + ConsoleListener.format(report.duration()) + ")";
    session.json().put("durationMs", report.duration().toMillis());
    JsonObject counts = session.object("hazardCounts");
    long unaccepted = report.unacceptedHazards();
    counts.put("found", report.hazards().size()).put("accepted", report.hazards().size() - unaccepted)
        .put("unaccepted", unaccepted);
    if (!report.sound()) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, "The alteration history is unsound: "
          + Session.plural(report.problems().size(), "problem") + ", listed above" + took + ". Fix the scripts"
          + " named; a difference 'after rollback to V' comes from a down section of a version above V.");
    }
    if (unaccepted > 0 && hazards == HistoryCheck.Hazards.FAIL) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, "The alteration history is sound but has "
          + Session.plural((int) unaccepted, "unaccepted hazard") + ", listed above" + took + ". Write each the safe"
          + " way shown under it, or accept a known one in its script with '-- logto:accept KIND OBJECT: REASON'"
          + " (docs/check.md); --hazards warn reports them without failing.");
    }
    session.console.info("The alteration history is sound: " + Session.plural(report.alterations(), "alteration")
        + " in " + Session.plural(report.versions(), "version") + took);
    return ExitCodes.OK;
  }

  /**
   * {@code logto --db-url URL db alteration check}: a URL given before the subcommand names the
   * application database, which check never touches; its own --db-url (a server for scratch
   * databases) goes after {@code check}.
   */
  private void refuseDatabaseBeforeCheck() {
    if (GlobalOptions.given(spec.parent(), "--db-url").isPresent()) {
      throw LogtoException.usage("check does not use a --db-url given before `check`: it never touches an"
          + " application database. To run its scratch databases on a server, put --db-url after check:"
          + " logto db alteration check --db-url URL (the user needs CREATEDB).");
    }
  }

  /** Prints notes as [info] lines and problems as report lines, and records both for --json. */
  private static CheckListener listener(Session session, boolean verbose) {
    JsonArray problems = session.array("problems");
    JsonArray notes = session.array("notes");
    JsonArray hazards = session.array("hazards");
    return new CheckListener() {
      @Override
      public void info(String message) {
        session.console.info(message);
        notes.add(message);
      }

      @Override
      public void step(String description) {
        if (verbose) {
          session.console.info("  " + description);
        }
      }

      private String heading;

      @Override
      public void hazard(Finding finding) {
        String next = HazardReport.heading(finding);
        if (!next.equals(heading)) {
          session.console.plain(next);
          heading = next;
        }
        HazardReport.lines(finding).forEach(session.console::plain);
        HazardReport.json(hazards, finding);
      }

      @Override
      public void problem(Problem problem) {
        session.console.plain(problem.line());
        problems.addObject().put("step", problem.step()).put("object", problem.object())
            .put("message", problem.message());
      }
    };
  }

  /** --scratch-url, or its old spelling --db-url with a deprecation warning. */
  private Optional<DatabaseUrl> scratchServer(Session session) {
    if (deprecatedDbUrl == null) {
      return scratch.resolve(session.environment);
    }
    if (scratch.url != null) {
      throw LogtoException.usage("check takes the scratch server once: pass --scratch-url only (--db-url is its old"
          + " spelling).");
    }
    session.console.warn("check --db-url is deprecated: it names the scratch server, which is now --scratch-url"
        + " (everywhere else --db-url is the application's database). Use --scratch-url URL; --db-url still works"
        + " for now.");
    return Optional.of(ScratchOption.parse("--db-url", deprecatedDbUrl, session.environment));
  }

  /** {@code --hazards fail|warn|off}, in any case. */
  static final class HazardsConverter implements ITypeConverter<HistoryCheck.Hazards> {
    @Override
    public HistoryCheck.Hazards convert(String value) {
      try {
        return HistoryCheck.Hazards.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not fail, warn or off");
      }
    }
  }

  /** Runs plans exactly as deploy and rollback do (same runner, same preparation), quietly. */
  static PlanRunner runner(Session session) {
    return new PlanRunner() {
      @Override
      public StateStore stateStore() {
        return session.store();
      }

      @Override
      public void deploy(Database database, List<Alteration> all, DeployPlan plan) {
        run(session.runner(database, RunSettings.DEFAULTS, RunListener.NONE), r -> {
          r.prepare(all, true);
          r.deploy(plan);
        });
      }

      @Override
      public void rollback(Database database, List<Alteration> all, RollbackPlan plan) {
        run(session.runner(database, RunSettings.DEFAULTS, RunListener.NONE), r -> {
          r.prepare(all, false);
          r.rollback(plan);
        });
      }
    };
  }

  private static void run(AlterationRunner runner, java.util.function.Consumer<AlterationRunner> work) {
    Interrupts.running(runner);
    try {
      work.accept(runner);
    } finally {
      Interrupts.finished();
    }
  }
}
