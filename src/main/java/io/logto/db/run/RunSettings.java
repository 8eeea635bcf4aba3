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
  /**
   * The longest duration a run takes: PostgreSQL's {@code lock_timeout} and {@code
   * statement_timeout} are an int of milliseconds (the lock wait shares the range).
   */
  public static final Duration LONGEST = Duration.ofMillis(Integer.MAX_VALUE);

  /** The range of {@link #check} above 0 (off for the timeouts, no waiting for the lock), as messages say it. */
  public static final String RANGE = "a duration from 1ms to 2147483647ms (24d 20h 31m 23.647s),"
      + " such as 500ms, 10s, 5m or 1h";

  public static final RunSettings DEFAULTS =
      new RunSettings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ZERO, 5, false);

  public RunSettings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int retries) {
    this(lockWait, lockTimeout, statementTimeout, retries, false);
  }

  public RunSettings {
    check("lockWait", lockWait);
    check("lockTimeout", lockTimeout);
    check("statementTimeout", statementTimeout);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, not " + retries);
    }
  }

  private static void check(String name, Duration duration) {
    String problem = check(duration);
    if (problem != null) {
      throw new IllegalArgumentException(name + " " + duration + " " + problem + "; use 0 or " + RANGE);
    }
  }

  /**
   * Why {@code duration} cannot be one of a run's durations, or null when it can: it is negative,
   * longer than {@link #LONGEST}, or not a whole number of milliseconds (PostgreSQL counts
   * milliseconds, and would round {@code PT0.0004S} to 0, which turns a timeout off).
   */
  public static String check(Duration duration) {
    if (duration.isNegative()) {
      return "is negative";
    }
    if (duration.compareTo(LONGEST) > 0) {
      return "is too long";
    }
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.compareTo(Duration.ofMillis(1)) < 0
          ? "is below 1ms: PostgreSQL counts whole milliseconds, so it would be 0, which turns the timeout off"
          : "has a fraction of a millisecond: PostgreSQL counts whole milliseconds";
    }
    return null;
  }
}
