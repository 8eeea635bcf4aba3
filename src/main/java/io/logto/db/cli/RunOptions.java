package io.logto.db.cli;

import io.logto.db.error.LogtoException;
import io.logto.db.run.RunSettings;
import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Locking, timeouts and retries of deploy and rollback. */
public final class RunOptions {
  @Option(names = "--lock-wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
      description = "How long to wait for another deployer's lock before giving up with exit 3 (default: ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
      description = "lock_timeout of each alteration transaction: the longest that application queries queue behind"
          + " our DDL (default: ${DEFAULT-VALUE}; 0 turns it off).")
  Duration lockTimeout;

  /** The variable the Logto CLI reads for its statement timeout, in milliseconds (or DISABLE_TIMEOUT). */
  static final String STATEMENT_TIMEOUT_VARIABLE = "DATABASE_STATEMENT_TIMEOUT";

  @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "statement_timeout of each alteration transaction (default: $DATABASE_STATEMENT_TIMEOUT in"
          + " milliseconds, as the Logto CLI reads it, else off).")
  Duration statementTimeout;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--direct-connection", description = "The URL reaches the server itself (perhaps through a plain"
      + " TCP proxy or port-forward), not a pooler: skip the pooler detection that guards before-* sections.")
  boolean directConnection;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
      description = "Retries of an alteration whose lock_timeout expired, with backoff (default: ${DEFAULT-VALUE}).")
  int retries;

  RunSettings settings() {
    if (retries < 0) {
      throw LogtoException.usage("--retries must be 0 or more, not " + retries + ".");
    }
    return new RunSettings(lockWait, lockTimeout, statementTimeout(), retries, directConnection);
  }

  private Duration statementTimeout() {
    if (statementTimeout != null) {
      return statementTimeout;
    }
    return GlobalOptions.variables(command).get(STATEMENT_TIMEOUT_VARIABLE).map(RunOptions::statementTimeout)
        .orElse(Duration.ZERO);
  }

  /**
   * {@code DATABASE_STATEMENT_TIMEOUT} as the Logto CLI reads it: milliseconds, or
   * {@code DISABLE_TIMEOUT}; this tool's durations ({@code 30s}) work too. Unlike upstream, a value
   * it cannot read is an error rather than ignored.
   */
  static Duration statementTimeout(Variables.Found found) {
    String value = found.value().strip();
    if (value.equals("DISABLE_TIMEOUT")) {
      return Duration.ZERO;
    }
    if (value.matches("\\d{1,12}(\\.\\d+)?")) {
      return Duration.ofNanos(new BigDecimal(value).movePointRight(6).longValue());
    }
    try {
      return new DurationConverter().convert(value);
    } catch (TypeConversionException e) {
      throw LogtoException.usage(found.describe() + " is not a statement timeout: use"
          + " milliseconds (30000, as the Logto CLI), a duration such as 30s, or DISABLE_TIMEOUT.");
    }
  }
}
