package io.logto.db.cli;

import io.logto.db.error.LogtoException;
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
  /**
   * A value and where it came from ({@code the environment} or the env file), for messages;
   * {@code fileValue}: how the env file wrote it (its line, a cut comment), null from elsewhere.
   */
  record Found(String name, String value, String origin, DotEnv.Value fileValue) {
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
  /** The env file's values read so far (read on first need only). */
  private final Map<String, Optional<DotEnv.Value>> fromFile = new java.util.HashMap<>();

  Variables(Map<String, String> environment, Path file, boolean named) {
    this.environment = environment;
    this.file = file;
    this.named = named;
  }

  /** The non-blank value of {@code name}, from the environment, else from the env file. */
  Optional<Found> get(String name) {
    String value = environment.get(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(new Found(name, value, "the environment", null));
    }
    if (file != null && named && !Files.isRegularFile(file)) {
      throw LogtoException.usage("The env file " + file + " does not exist. Fix --env-file or pass --db-url.");
    }
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return fromFile.computeIfAbsent(name, key -> DotEnv.read(file, key))
        .filter(v -> !v.text().isBlank())
        .map(v -> new Found(name, v.text(), file.toString(), v));
  }
}
