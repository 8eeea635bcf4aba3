package io.logto.db.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code logto}: the root command. Holds the environment and the options every command shares.
 * {@code --version} is answered by {@link Main} through {@link VersionProvider}, not by a picocli
 * version provider: picocli copies an inherited provider's version into every subcommand while
 * it builds the model, which would discover the shipped alterations on every run.
 */
@Command(name = "logto", scope = ScopeType.INHERIT,
    description = "Safely alter PostgreSQL schemas with versioned alteration scripts.",
    exitCodeListHeading = "%nExit Codes:%n",
    exitCodeList = {
        " 0:Success, also when there is nothing to do",
        " 1:An alteration failed (rolled back) or the database refused or could not be reached",
        " 2:Bad usage or input (options, target version, scripts, state row, confirmation)",
        " 3:Gave up waiting for another deployer's lock (--lock-wait)",
        " 4:A check failed: skipped or (--strict) edited alterations, the database ahead of this tool, or check found problems",
        " 5:Another logto moved the state the other way meanwhile (a rollback during a deploy, or the reverse); run it again",
        "10:status --exit-code: alterations are pending",
        "130:Interrupted (Ctrl-C), or a prompt cancelled or answered no: nothing was changed",
        "143:Terminated (SIGTERM)"})
public final class LogtoCommand {
  private final Environment environment;

  /** On every command, as {@link RawArgs#HELP} spells it. */
  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
  boolean help;

  /** On every command, as {@link RawArgs#VERSION} spells it; {@code -v} as the Logto CLI. */
  @Option(names = {"-v", "-V", "--version"}, versionHelp = true, scope = ScopeType.INHERIT,
      description = "Print the version and exit.")
  boolean version;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
  boolean stacktrace;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours, even on a terminal.")
  boolean noColor;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print errors and warnings only.")
  boolean quiet;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log each SQL statement with its duration to stderr.")
  boolean verbose;

  /** --db-url, --env-file and --state-table given before the subcommand, as the Logto CLI allows ({@link GlobalOptions}). */
  @Mixin
  ConnectionOptions connection;

  /** Set when the command line asks for --json: the document printed at the end. */
  boolean json;
  private io.logto.db.cli.render.JsonObject result;

  /** The --json document, created on first use (commands without --json never load Jackson). */
  io.logto.db.cli.render.JsonObject result() {
    if (result == null) {
      result = io.logto.db.cli.render.Json.object();
    }
    return result;
  }

  @Option(names = "--log-file", scope = ScopeType.INHERIT, paramLabel = "PATH",
      description = "Append the tool's log (each alteration and statement with its duration) to this file.")
  java.nio.file.Path logFile;

  /** Where the console's lines are logged for {@code --log-file} (set once logging is configured), or null. */
  org.slf4j.Logger transcript;

  LogtoCommand(Environment environment) {
    this.environment = environment;
  }

  Environment environment() {
    return environment;
  }
}
