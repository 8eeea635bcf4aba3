package io.logto.db.cli;

import io.logto.db.error.LogtoException;
import io.logto.db.state.LogtoConfigsStateStore;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a Logto CLI user may give before the subcommand as well as after it, as upstream's
 * global options: {@code logto --db-url URL db alteration deploy 1.2.0},
 * {@code logto db -e .env.prod alt status}. {@link ConnectionOptions} is a mixin of the groups
 * ({@code logto}, {@code db}, {@code alteration}) and of the commands that connect; a command
 * reads a value from whichever level it was given at, and the variables such an option falls
 * back to ({@link Variables}).
 */
final class GlobalOptions {
  /** The state table when neither {@code --state-table} nor {@code LOGTO_STATE_TABLE} names one. */
  static final String DEFAULT_STATE_TABLE = LogtoConfigsStateStore.TABLE;
  static final String STATE_TABLE_VARIABLE = "LOGTO_STATE_TABLE";

  private GlobalOptions() {}

  /**
   * The value of the option {@code name} given to {@code command} or to a group above it; a usage
   * error when it was given at two levels (which one was meant is a guess).
   */
  static <T> Optional<T> given(CommandSpec command, String name) {
    T found = null;
    CommandSpec foundAt = null;
    for (CommandSpec level = command; level != null; level = level.parent()) {
      OptionSpec option = level.findOption(name);
      T value = option == null ? null : option.getValue();
      if (value == null) {
        continue;
      }
      if (found != null) {
        throw LogtoException.usage(name + " is given twice, to `" + level.qualifiedName() + "` and to `"
            + foundAt.qualifiedName() + "`. Give it once.");
      }
      found = value;
      foundAt = level;
    }
    return Optional.ofNullable(found);
  }

  /**
   * The variables of {@code command}: the environment, then the env file ({@code --env-file} at
   * any level, else {@code ./.env}) for a command that has {@code --env-file}; the environment only
   * for one that has not ({@code check}).
   */
  static Variables variables(CommandSpec command) {
    LogtoCommand root = (LogtoCommand) command.root().userObject();
    Environment environment = root.environment();
    if (command.findOption("--env-file") == null) {
      return new Variables(environment.variables(), null, false);
    }
    Optional<Path> named = given(command, "--env-file");
    Path file = environment.workingDirectory().resolve(named.orElse(Path.of(".env")));
    return new Variables(environment.variables(), file, named.isPresent());
  }

  /** The state table: {@code --state-table} at any level, else {@code LOGTO_STATE_TABLE}, else logto_configs. */
  static String stateTable(CommandSpec command) {
    Optional<String> option = given(command, "--state-table");
    if (option.isPresent()) {
      return validTable(option.get(), "--state-table " + option.get());
    }
    return variables(command).get(STATE_TABLE_VARIABLE)
        .map(found -> validTable(found.value().strip(), found.describe()))
        .orElse(DEFAULT_STATE_TABLE);
  }

  private static String validTable(String name, String given) {
    if (!LogtoConfigsStateStore.isValidTableName(name)) {
      throw LogtoException.usage(given + " is not a table name logto accepts: use lower-case letters, digits and _,"
          + " optionally after a schema and a dot (systems, public.systems).");
    }
    return name;
  }
}
