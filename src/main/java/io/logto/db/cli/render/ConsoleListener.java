package io.logto.db.cli.render;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.run.RunListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints a run's progress: one line per alteration, in the Logto CLI's wording, with its duration. */
public final class ConsoleListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.logto.db.sql");
  private final Console console;

  public ConsoleListener(Console console) {
    this.console = console;
  }

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    console.info("Run alteration " + alteration.fileName() + " " + direction.function()
        + " function succeeded " + console.dim("(" + format(duration) + ")"));
  }

  @Override
  public void alreadyDone(Alteration alteration, Direction direction) {
    console.info("Skip alteration " + alteration.fileName() + ": another deployer already ran its "
        + direction.function() + " function");
  }

  @Override
  public void waitingForLock(String holder) {
    console.warn("Waiting for the alteration lock held by " + holder);
  }

  @Override
  public void retrying(Alteration alteration, int attempt, int retries, Duration delay, String reason) {
    console.warn("Alteration " + alteration.fileName() + " could not get a lock (" + reason + "); retry "
        + attempt + " of " + retries + " in " + format(delay));
  }

  @Override
  public void statementExecuted(String sql, Duration duration) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} ({})", sql.strip().replaceAll("\\s+", " "), format(duration));
    }
  }

  public static String format(Duration duration) {
    long ms = duration.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.2f s", ms / 1000.0);
  }
}
