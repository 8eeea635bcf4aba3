package io.logto.db.cli;

import io.logto.db.error.LogtoException;
import io.logto.db.check.ScratchServer;
import io.logto.db.jdbc.DatabaseUrl;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where {@code check} and {@code diff} build their scratch databases: {@code --scratch-url}, a
 * server on which they create and drop databases of their own, else a throwaway embedded
 * PostgreSQL. {@code DB_URL} and {@code .env} are never read for it: they name an application
 * database, which scratch work must not touch.
 */
public final class ScratchOption {
  static final String NAME = "--scratch-url";

  @Option(names = NAME, paramLabel = "URL",
      description = {"A server on which scratch databases (logto_check_...) are created and dropped; the user needs"
          + " CREATEDB, and the database named in the URL is only used to connect. Default: a throwaway embedded"
          + " PostgreSQL 17. DB_URL and .env are not used for it."})
  String url;

  /** The scratch server's URL, if one was given. */
  Optional<DatabaseUrl> resolve(Environment environment) {
    return Optional.ofNullable(url).map(u -> parse(NAME, u, environment));
  }

  /** Parses a scratch server URL given with {@code option}. */
  static DatabaseUrl parse(String option, String url, Environment environment) {
    if (url.isBlank()) {
      throw LogtoException.usage(option + " is empty. Pass a server URL such as " + DatabaseUrl.FORMS
          + ", or leave it out to use a throwaway embedded PostgreSQL.");
    }
    return DatabaseUrl.parse(url).withPasswordFrom(environment.variables());
  }

  /** Starts the scratch server when called: the given one, else a throwaway embedded PostgreSQL. */
  static Supplier<ScratchServer> servers(Optional<DatabaseUrl> url) {
    return () -> url.map(ScratchServer::on).orElseGet(ScratchServer::embedded);
  }
}
