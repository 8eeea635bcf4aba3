package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.script.SectionParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import io.logto.db.analysis.Finding;
import io.logto.db.script.ScriptFile;

/**
 * {@code logto db alteration check}: the static checks, then (unless asked not to, or the history
 * cannot be deployed in order) the round trip on scratch databases and the comparison with an
 * expected schema. Problems are reported to the listener as they are found and returned in the
 * {@link Report}; an alteration that fails ends the check with its {@link LogtoException}.
 */
public final class HistoryCheck {
  /**
   * What to check: the alterations ({@code --alterations PATH}, else the class path), the server
   * for scratch databases (else a throwaway embedded PostgreSQL), an expected schema file, whether
   * column order counts, and whether to stop after the static checks.
   */
  public record Options(Optional<Path> alterations, Optional<DatabaseUrl> server, Optional<Path> expect,
      boolean strictColumnOrder, boolean staticOnly, Hazards hazards) {
    /** Without the hazard analysis' verdict set: hazards fail the check. */
    public Options(Optional<Path> alterations, Optional<DatabaseUrl> server, Optional<Path> expect,
        boolean strictColumnOrder, boolean staticOnly) {
      this(alterations, server, expect, strictColumnOrder, staticOnly, Hazards.FAIL);
    }
  }

  /** {@code --hazards}: unaccepted hazards fail the check, are only reported, or are not looked for. */
  public enum Hazards { FAIL, WARN, OFF }

  /** The outcome: what was checked, every problem, notes on coverage, and how long it took. */
  public record Report(int alterations, int versions, List<Problem> problems, List<String> notes,
      boolean roundTrip, Duration duration, List<Finding> hazards) {
    public Report {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
      hazards = List.copyOf(hazards);
    }

    /** Hazards no {@code -- logto:accept} comment accepts. */
    public long unacceptedHazards() {
      return hazards.stream().filter(f -> !f.isAccepted()).count();
    }

    public boolean sound() {
      return problems.isEmpty();
    }
  }

  private final Options options;
  private final PlanRunner runner;
  private final CheckListener listener;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Finding> hazards = new ArrayList<>();
  private Map<String, String> texts = Map.of();

  private HistoryCheck(Options options, PlanRunner runner, CheckListener listener) {
    this.options = options;
    this.runner = runner;
    this.listener = listener;
  }

  /** Runs the check; {@code loader} holds the shipped alterations used without {@code --alterations}. */
  public static Report run(Options options, ClassLoader loader, PlanRunner runner, CheckListener listener) {
    return new HistoryCheck(options, runner, listener).run(loader);
  }

  private Report run(ClassLoader loader) {
    long start = System.nanoTime();
    if (options.staticOnly() && options.expect().isPresent()) {
      throw LogtoException.usage("--expect compares the schema the alterations build, which needs the round trip:"
          + " leave out --static-only.");
    }
    Optional<RoundTrip.Expected> expected = options.expect().map(HistoryCheck::readExpected);
    ScriptSource.Contents contents = options.alterations().map(ScriptSource::fromPath)
        .orElseGet(() -> ScriptSource.fromClasspath(loader));
    texts = contents.files().stream().collect(Collectors.toMap(ScriptFile::fileName, ScriptFile::content,
        (a, b) -> a));
    StaticCheck.Result result = StaticCheck.run(contents);
    result.problems().forEach(this::problem);
    List<AlterationVersion> versions = result.alterations().stream().map(Alteration::version).distinct().toList();
    int scripts = contents.files().size() + contents.javaAlterations().size();
    note("Static checks: " + plural(scripts, "alteration") + (versions.isEmpty() ? "" : " in "
        + plural(versions.size(), "version")) + ", " + (problems.isEmpty() ? "no problems"
        : plural(problems.size(), "problem")));
    boolean roundTrip = false;
    if (options.staticOnly()) {
      note("Round trip skipped (--static-only)");
    } else if (!result.deployable()) {
      note("Round trip skipped: the history cannot be deployed version by version until the problems above are"
          + " fixed");
    } else if (result.alterations().isEmpty() && expected.isEmpty()) {
      note("Round trip skipped: there are no alterations");
    } else {
      roundTrip(result, expected);
      roundTrip = true;
    }
    return new Report(result.alterations().size(), versions.size(), problems, notes, roundTrip,
        Duration.ofNanos(System.nanoTime() - start), hazards);
  }

  private void roundTrip(StaticCheck.Result result, Optional<RoundTrip.Expected> expected) {
    Optional<Alteration> floor = result.newestIrreversible();
    try (ScratchServer server = options.server().map(ScratchServer::on).orElseGet(ScratchServer::embedded)) {
      server.onWarning(listener::info);
      RoundTrip trip = new RoundTrip(result.alterations(), server, runner, options.strictColumnOrder(), listener);
      note("Round trip on " + server.description() + ": " + plan(trip.versions(), floor));
      // the analysis has a database of its own: it runs next to the round trip, on the other core
      Optional<CompletableFuture<HazardCheck.Analyzed>> analysis = options.hazards() == Hazards.OFF
          ? Optional.empty()
          : Optional.of(CompletableFuture.supplyAsync(
              () -> HazardCheck.observe(server, result.alterations(), trip.versions()), HistoryCheck::daemon));
      try {
        trip.run(floor, expected).forEach(problems::add);
      } catch (RuntimeException e) {
        // the scratch server is closed next: let the analysis finish first, so no database of it is left behind
        analysis.ifPresent(a -> a.handle((done, failure) -> done).join());
        throw e;
      }
      analysis.ifPresent(a -> hazards(join(a), result.alterations(), trip));
    }
  }

  private void hazards(HazardCheck.Analyzed analyzed, List<Alteration> alterations, RoundTrip trip) {
    analyzed.observations().forEach(o -> listener.step("observed " + o.describe()));
    HazardCheck.Outcome outcome = HazardCheck.complete(analyzed, alterations, trip.versions(), trip.snapshots(),
        texts);
    outcome.notes().forEach(this::note);
    for (Finding finding : outcome.findings()) {
      hazards.add(finding);
      listener.hazard(finding);
    }
    long accepted = hazards.stream().filter(Finding::isAccepted).count();
    note("Hazards: " + plural(hazards.size(), "finding") + ", " + accepted + " accepted, "
        + (hazards.size() - accepted) + " not accepted" + (options.hazards() == Hazards.WARN && accepted
        < hazards.size() ? " (--hazards warn: reported without failing the check)" : ""));
  }

  private static HazardCheck.Analyzed join(CompletableFuture<HazardCheck.Analyzed> analysis) {
    try {
      return analysis.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "logto-check-hazards");
    thread.setDaemon(true);
    thread.start();
  }

  /** Says what the round trip will do, and why it stops above a script that cannot be reverted. */
  private static String plan(List<AlterationVersion> versions, Optional<Alteration> floor) {
    if (versions.isEmpty()) {
      return "no alterations; comparing the empty database with the expected schema";
    }
    String top = versions.get(versions.size() - 1).toString();
    String deploy = "deploy " + plural(versions.size(), "version") + " one by one up to " + top;
    if (floor.isEmpty()) {
      return deploy + ", roll back one by one to 0.0.0, deploy to " + top + " again";
    }
    Alteration script = floor.get();
    String why = script.fileName() + (script.irreversible() ? " is declared irreversible" : " has no down section");
    if (script.version().equals(versions.get(versions.size() - 1))) {
      return deploy + "; no rollback, since " + why;
    }
    return deploy + ", roll back one by one to " + script.version() + " only (" + why + "), deploy to " + top
        + " again";
  }

  private static RoundTrip.Expected readExpected(Path path) {
    if (!Files.isRegularFile(path)) {
      throw LogtoException.usage("The --expect file " + path + " does not exist. Pass an SQL file that builds the"
          + " expected schema on an empty database.");
    }
    try {
      return new RoundTrip.Expected(path.getFileName().toString(),
          SectionParser.normalise(Files.readString(path, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw LogtoException.usage("Cannot read the --expect file " + path + ": " + e.getMessage() + ".");
    }
  }

  private void problem(Problem problem) {
    problems.add(problem);
    listener.problem(problem);
  }

  private void note(String note) {
    notes.add(note);
    listener.info(note);
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
