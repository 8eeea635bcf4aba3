package io.logto.db.cli;

import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.jdbc.PgEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the database is: {@code --db-url}, else {@code DB_URL}, else {@code DB_URL} in a {@code .env} file. */
public final class ConnectionOptions {
  public static final String VARIABLE = "DB_URL";

  @Option(names = {"--db-url", "--db", "--database-url"}, paramLabel = "URL",
      description = {"The database: postgres://user:password@host:5432/db (sslmode etc. as ?params),",
          "jdbc:postgresql://... or embedded:DIR (an embedded PostgreSQL 17 keeping its data in DIR).",
          "Default: $DB_URL, else DB_URL in ./.env, else PGHOST/PGPORT/PGDATABASE/PGUSER.",
          "A missing password comes from PGPASSWORD or ~/.pgpass, as with psql."})
  String url;

  @Option(names = "--env-file", paramLabel = "PATH", description = "Read DB_URL from this file instead of ./.env.")
  Path envFile;

  /** The URL from the options, the environment or the env file, if any. */
  Optional<DatabaseUrl> resolve(Environment environment) {
    return resolveText(environment)
        .map(ConnectionOptions::parse)
        .or(() -> PgEnvironment.url(environment.variables()).map(DatabaseUrl::parse))
        .map(url -> url.withPasswordFrom(environment.variables()));
  }

  /** A URL as written; {@code file} and {@code value} when it comes from an env file. */
  private record Written(String text, Path file, DotEnv.Value value) {}

  /** The URL, saying so when an env file's comment cut it short and it cannot be read. */
  private static DatabaseUrl parse(Written written) {
    try {
      return DatabaseUrl.parse(written.text());
    } catch (LogtoException e) {
      if (written.value() == null || !written.value().commentCut()) {
        throw e;
      }
      throw new LogtoException(e.code(), e.getMessage() + " (" + VARIABLE + " in " + written.file() + " line "
          + written.value().line() + " ends where a '#' after a blank starts a comment: put the value in quotes to"
          + " keep the rest.)", e);
    }
  }

  private Optional<Written> resolveText(Environment environment) {
    if (url != null) {
      if (url.isBlank()) {
        throw LogtoException.usage("--db-url is empty. Pass a URL such as " + DatabaseUrl.FORMS + ".");
      }
      return Optional.of(new Written(url, null, null));
    }
    String fromEnvironment = environment.variables().get(VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(new Written(fromEnvironment, null, null));
    }
    Path file = envFile != null ? environment.workingDirectory().resolve(envFile)
        : environment.workingDirectory().resolve(".env");
    if (envFile != null && !Files.isRegularFile(file)) {
      throw LogtoException.usage("The env file " + file + " does not exist. Fix --env-file or pass --db-url.");
    }
    if (Files.isRegularFile(file)) {
      return DotEnv.read(file, VARIABLE).filter(v -> !v.text().isBlank()).map(v -> new Written(v.text(), file, v));
    }
    return Optional.empty();
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
