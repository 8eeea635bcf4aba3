package io.logto.db.run;

import java.time.Duration;

/**
 * How a run behaves: how long to wait for another deployer's lock, the {@code lock_timeout} and
 * {@code statement_timeout} of each alteration transaction (zero: off), and how often to retry an
 * alteration that could not get a table lock.
 */
public record RunSettings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int retries) {
  public static final RunSettings DEFAULTS =
      new RunSettings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ZERO, 5);

  public RunSettings {
    if (lockWait.isNegative() || lockTimeout.isNegative() || statementTimeout.isNegative() || retries < 0) {
      throw new IllegalArgumentException("durations and retries must not be negative");
    }
  }
}
