package io.logto.db.cli;

import io.logto.db.alteration.LogtoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a command reads ({@code DB_URL}, {@code DATABASE_STATEMENT_TIMEOUT},
 * {@code LOGTO_STATE_TABLE}): the process environment first, then the env file, as the Logto CLI
 * loads its {@code .env} with dotenv (which never overrides a set variable). The file is read on
 * first need only, so a command given everything on its command line never reads it.
 */
final class Variables {
  /** A value and where it came from ({@code the environment} or the env file), for messages. */
  record Found(String name, String value, String origin) {
    /** {@code NAME=value (from ORIGIN)}. */
    String describe() {
      return name + "=" + value + " (from " + origin + ")";
    }
  }

  private final Map<String, String> environment;
  /** The env file, or null for a command that reads none ({@code check}). */
  private final Path file;
  /** True when the file was named by {@code --env-file}: then it must exist. */
  private final boolean named;
  private Map<String, String> fromFile;

  Variables(Map<String, String> environment, Path file, boolean named) {
    this.environment = environment;
    this.file = file;
    this.named = named;
  }

  /** The non-blank value of {@code name}, from the environment, else from the env file. */
  Optional<Found> get(String name) {
    String value = environment.get(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(new Found(name, value, "the environment"));
    }
    String inFile = file().get(name);
    if (inFile != null && !inFile.isBlank()) {
      return Optional.of(new Found(name, inFile, file.toString()));
    }
    return Optional.empty();
  }

  private Map<String, String> file() {
    if (fromFile == null) {
      if (file != null && named && !Files.isRegularFile(file)) {
        throw LogtoException.usage("The env file " + file + " does not exist. Fix --env-file or pass --db-url.");
      }
      fromFile = file != null && Files.isRegularFile(file) ? DotEnv.read(file) : Map.of();
    }
    return fromFile;
  }
}
