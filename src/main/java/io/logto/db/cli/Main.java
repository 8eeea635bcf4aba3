package io.logto.db.cli;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.cli.render.Console;
import io.logto.db.cli.render.Json;
import io.logto.db.jdbc.Redactor;
import io.logto.db.script.ScriptText;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point. {@link #run} is the testable form: it never exits the JVM. */
public final class Main {
  private Main() {}

  /** Set by {@link #main}: the process is the tool's own, so Ctrl-C and SIGTERM are its to handle. */
  private static volatile boolean handleSignals;

  /** Set by {@link #main} when a {@link Warmup} thread initialises SLF4J while the arguments are parsed. */
  private static volatile boolean warmingUp;

  public static void main(String[] args) {
    handleSignals = true;
    LogbackProvider.install();
    warmingUp = Warmup.startFor(args);
    int code = run(Environment.system(), args);
    System.exit(code);
  }

  /** Runs the command line in {@code environment} and returns the exit code. */
  public static int run(Environment environment, String... args) {
    LogtoCommand root = new LogtoCommand(environment);
    RawArgs raw = new RawArgs(args);
    root.json = raw.has("--json");
    if (root.json) {
      root.result().put("success", false); // first in the document
    }
    int code = configured(CommandTree.forArgs(root, raw), root, environment, true).execute(args);
    if (root.json && !root.result().has("error") && !raw.helpOrVersion()) {
      root.result().put("success", code == ExitCodes.OK || code == StatusCommand.PENDING);
      environment.out().println(Json.write(root.result()));
      environment.out().flush();
    }
    return code;
  }

  /**
   * {@code commandLine} with this tool's streams, execution and error handling; {@code partial}
   * when it holds only the commands the arguments name ({@link CommandTree#forArgs}).
   */
  private static CommandLine configured(CommandLine commandLine, LogtoCommand root, Environment environment,
      boolean partial) {
    commandLine.setOut(new PrintWriter(environment.out(), true));
    commandLine.setErr(new PrintWriter(environment.err(), true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    boolean[] executing = {false};
    commandLine.setExecutionStrategy(parseResult -> {
      executing[0] = true;
      return execute(commandLine, parseResult, root, environment);
    });
    commandLine.setParameterExceptionHandler((ParameterException e, String[] arguments) -> {
      if (partial && !executing[0]) {
        // a partial tree that does not parse: the whole tree parses again and reports, so the partial
        // tree never changes what a command line means, only how fast it starts (never once a command
        // runs: picocli sends a ParameterException a command throws here too)
        return configured(CommandTree.full(root), root, environment, false).execute(arguments);
      }
      Console console = console(environment, root);
      String message = UsageHints.message(e);
      console.error(message);
      printJsonError(environment, root, "USAGE", ExitCodes.USAGE, message, java.util.List.of());
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((Exception e, CommandLine cl, CommandLine.ParseResult parsed) ->
        report(e, environment, root));
    return commandLine;
  }

  /**
   * Runs a command line that parsed: prints the version, or does the start-up work only a command
   * needs (the warm-up's end, signal handlers, the log) and runs the command.
   */
  private static int execute(CommandLine commandLine, CommandLine.ParseResult parseResult, LogtoCommand root,
      Environment environment) {
    if (versionRequested(parseResult)) {
      java.io.PrintWriter out = commandLine.getOut();
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCodes.OK;
    }
    if (warmingUp) {
      Logging.ready(); // no command code runs while the warm-up thread is still initialising SLF4J
    }
    if (handleSignals) {
      Interrupts.install(); // here rather than at start-up: --version and parse errors need no handlers
    }
    try {
      root.transcript = Logging.configure(root.verbose,
          root.logFile == null ? null : environment.workingDirectory().resolve(root.logFile));
    } catch (LogtoException e) {
      return report(e, environment, root);
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** {@code --version} on any command, unless {@code --help} comes first (picocli's precedence). */
  private static boolean versionRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult parsed = parseResult; parsed != null; parsed = parsed.subcommand()) {
      if (parsed.isUsageHelpRequested()) {
        return false;
      }
      if (parsed.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  /** Prints the --json failure document: what the command had recorded, success false and the error. */
  private static void printJsonError(Environment environment, LogtoCommand root, String code, int exitCode,
      String message, java.util.List<String> details) {
    if (!root.json) {
      return;
    }
    Json.error(root.result(), code, exitCode, Redactor.redact(message), details.stream().map(Redactor::redact).toList());
    environment.out().println(Json.write(root.result()));
    environment.out().flush();
  }

  private static int report(Exception e, Environment environment, LogtoCommand root) {
    Console console = console(environment, root);
    if (e instanceof LogtoException logto) {
      console.error(logto.getMessage());
      logto.details().forEach(console::errorDetail);
      printStackTrace(e, environment, root);
      int exit = logto.code() == ErrorCode.CANCELLED ? Interrupts.cancelledExitCode() : logto.code().exitCode();
      printJsonError(environment, root, logto.code().name(), exit, logto.getMessage(), logto.details());
      return exit;
    }
    if (e instanceof CommandLine.TypeConversionException || e instanceof IllegalArgumentException
        && e.getMessage() != null && e.getMessage().startsWith("--")) {
      console.error(e.getMessage());
      printJsonError(environment, root, "USAGE", ExitCodes.USAGE, e.getMessage(), java.util.List.of());
      return ExitCodes.USAGE;
    }
    java.io.IOException failure = e instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause()
        : e instanceof java.io.IOException checked ? checked : null;
    if (failure != null) {
      // a file the command reads or writes: the path, what failed and the fix, never an 'Unexpected error'
      String path = failure instanceof java.nio.file.FileSystemException fs ? fs.getFile() : null;
      return report(new LogtoException(ErrorCode.USAGE, path == null ? "Reading or writing failed: "
          + ScriptText.reason(failure) + ". Fix: check the files and the terminal the command uses (--stacktrace"
          + " shows where it failed)." : "Cannot use " + path + ": " + ScriptText.reason(failure) + ". Fix: check"
          + " that the path exists and that the user running logto may read (or write) it.", e), environment, root);
    }
    console.error("Unexpected error: " + e + (root.stacktrace ? "" : " (run with --stacktrace for details)"));
    printStackTrace(e, environment, root);
    printJsonError(environment, root, "UNEXPECTED", ExitCodes.FAILURE, String.valueOf(e), java.util.List.of());
    return ExitCodes.FAILURE;
  }

  private static void printStackTrace(Exception e, Environment environment, LogtoCommand root) {
    if (root.stacktrace) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      environment.err().print(Redactor.redact(trace.toString()));
      environment.err().flush();
    }
  }

  private static Console console(Environment environment, LogtoCommand root) {
    return new Console(root.json ? environment.err() : environment.out(), environment.err(),
        environment.color() && !root.noColor, root.quiet, w -> { }, root.transcript);
  }
}
