package io.logto.db.cli;

import io.logto.db.run.RunSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Locking, timeouts and retries of deploy and rollback. */
public final class RunOptions {
  @Option(names = "--lock-wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
      description = "How long to wait for another deployer's lock before giving up with exit 3 (default: ${DEFAULT-VALUE}).")
  Duration lockWait;

  @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
      description = "lock_timeout of each alteration transaction: the longest that application queries queue behind"
          + " our DDL (default: ${DEFAULT-VALUE}; 0 turns it off).")
  Duration lockTimeout;

  @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0",
      description = "statement_timeout of each alteration transaction (default: off).")
  Duration statementTimeout;

  @Option(names = "--direct-connection", description = "The URL reaches the server itself (perhaps through a plain"
      + " TCP proxy or port-forward), not a pooler: skip the pooler detection that guards before-* sections.")
  boolean directConnection;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
      description = "Retries of an alteration whose lock_timeout expired, with backoff (default: ${DEFAULT-VALUE}).")
  int retries;

  RunSettings settings() {
    if (retries < 0) {
      throw io.logto.db.alteration.LogtoException.usage("--retries must be 0 or more, not " + retries + ".");
    }
    return new RunSettings(lockWait, lockTimeout, statementTimeout, retries, directConnection);
  }
}
