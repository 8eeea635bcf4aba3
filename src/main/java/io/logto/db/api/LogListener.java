package io.logto.db.api;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.jdbc.Redactor;
import io.logto.db.run.RunListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a library run logs, through the SLF4J API only (logger {@code io.logto.db.api.Logto}): the
 * application's binding and configuration decide where the lines go and how they look. The words
 * are those of the command line's log.
 */
final class LogListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(Logto.class);

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    LOG.info("Alteration {} {} succeeded in {} ms", alteration.fileName(), direction.word(), duration.toMillis());
  }

  @Override
  public void alreadyDone(Alteration alteration, Direction direction) {
    LOG.info("Alteration {} {}: skipped, another deployer already ran it", alteration.fileName(), direction.word());
  }

  @Override
  public void waitingForLock(String holder) {
    LOG.warn("Waiting for the alteration lock held by {}", holder);
  }

  @Override
  public void retrying(Alteration alteration, int attempt, int retries, Duration delay, String reason) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(Redactor.redact("Alteration " + alteration.fileName() + " could not get a lock (" + reason
          + "); retry " + attempt + " of " + retries + " in " + delay.toMillis() + " ms"));
    }
  }
}
