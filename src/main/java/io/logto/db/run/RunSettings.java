package io.logto.db.run;

import java.time.Duration;

/**
 * How a run behaves: how long to wait for another deployer's lock, the {@code lock_timeout} and
 * {@code statement_timeout} of each alteration transaction (zero: off), how often to retry an
 * alteration that could not get a table lock, and whether the connection is known to be direct
 * (no pooler: the guard of {@code before-*} sections is skipped).
 */
public record RunSettings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int retries,
    boolean directConnection) {
  public static final RunSettings DEFAULTS =
      new RunSettings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ZERO, 5, false);

  public RunSettings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int retries) {
    this(lockWait, lockTimeout, statementTimeout, retries, false);
  }

  public RunSettings {
    if (lockWait.isNegative() || lockTimeout.isNegative() || statementTimeout.isNegative() || retries < 0) {
      throw new IllegalArgumentException("durations and retries must not be negative");
    }
  }
}
