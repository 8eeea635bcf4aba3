package io.logto.db.cli;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.jdbc.PgEnvironment;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the database is: {@code --db-url}, else {@code DB_URL}, else {@code DB_URL} in a
 * {@code .env} file; and which table holds the state. A mixin of the commands that connect and of
 * the groups above them, so these options may also come before the subcommand, as with the Logto
 * CLI ({@link GlobalOptions}).
 */
public final class ConnectionOptions {
  public static final String VARIABLE = "DB_URL";

  @Option(names = {"--db-url", "--db", "--database-url"}, paramLabel = "URL",
      description = {"The database: postgres://user:password@host:5432/db (sslmode etc. as ?params),",
          "jdbc:postgresql://... or embedded:DIR (an embedded PostgreSQL 17 keeping its data in DIR).",
          "Default: $DB_URL, else DB_URL in ./.env, else PGHOST/PGPORT/PGDATABASE/PGUSER.",
          "A missing password comes from PGPASSWORD or ~/.pgpass, as with psql."})
  String url;

  @Option(names = {"-e", "--env", "--env-file"}, paramLabel = "PATH",
      description = "Read DB_URL (and DATABASE_STATEMENT_TIMEOUT, LOGTO_STATE_TABLE) from this file instead of ./.env.")
  Path envFile;

  @Option(names = "--state-table", paramLabel = "NAME",
      description = "The table holding the alteration state row (key 'alterationState'): systems for a database"
          + " created by Logto, as the Logto CLI. Default: $LOGTO_STATE_TABLE, else logto_configs.")
  String stateTable;

  /** The command (or group) this mixin belongs to: the options may have been given to a group above it. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The URL from the options, the environment or the env file, if any. */
  Optional<DatabaseUrl> resolve(Environment environment) {
    return resolveText(environment)
        .map(ConnectionOptions::parse)
        .or(() -> PgEnvironment.url(environment.variables()).map(DatabaseUrl::parse))
        .map(url -> url.withPasswordFrom(environment.variables()));
  }

  /** The URL, saying so when an env file's comment cut it short and it cannot be read. */
  private static DatabaseUrl parse(Variables.Found found) {
    try {
      return DatabaseUrl.parse(found.value());
    } catch (LogtoException e) {
      if (found.fileValue() == null || !found.fileValue().commentCut()) {
        throw e;
      }
      throw new LogtoException(e.code(), e.getMessage() + " (" + VARIABLE + " in " + found.origin() + " line "
          + found.fileValue().line() + " ends where a '#' after a blank starts a comment: put the value in quotes to"
          + " keep the rest.)", e);
    }
  }

  private Optional<Variables.Found> resolveText(Environment environment) {
    Optional<String> given = GlobalOptions.given(command, "--db-url");
    if (given.isPresent()) {
      if (given.get().isBlank()) {
        throw LogtoException.usage("--db-url is empty. Pass a URL such as " + DatabaseUrl.FORMS + ".");
      }
      return Optional.of(new Variables.Found("--db-url", given.get(), "the command line", null));
    }
    return GlobalOptions.variables(command).get(VARIABLE);
  }

  /** The URL, asking for it on a terminal; without one, a usage error. */
  DatabaseUrl require(Environment environment) {
    Optional<DatabaseUrl> resolved = resolve(environment);
    if (resolved.isPresent()) {
      return resolved.get();
    }
    if (environment.interactive()) {
      String answer = environment.interaction().readSecretLine("Enter your database URL:")
          .orElseThrow(() -> new LogtoException(ErrorCode.CANCELLED, "Cancelled; nothing was changed."));
      if (!answer.isBlank()) {
        return DatabaseUrl.parse(answer);
      }
    }
    throw LogtoException.usage("No database given. Pass --db-url postgres://USER@HOST:5432/DB (with a password: USER:PASSWORD@HOST)"
        + ", set DB_URL, or put DB_URL=... in .env (embedded:DIR runs an embedded PostgreSQL).");
  }
}
