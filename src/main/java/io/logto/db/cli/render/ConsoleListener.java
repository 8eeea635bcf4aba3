package io.logto.db.cli.render;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.jdbc.Redactor;
import io.logto.db.run.RunListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a run's progress: one line per alteration, in the Logto CLI's wording, with its duration;
 * on a terminal also a live line with the running alteration, its elapsed time and n/N. Logs the
 * same events (and, at debug level, each statement with its duration).
 */
public final class ConsoleListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.logto.db.run");
  private static final Logger SQL = LoggerFactory.getLogger("io.logto.db.sql");

  private final Console console;
  private final PrintStream live;
  private final int total;
  private int done;
  private ScheduledExecutorService ticker;

  /** A listener without a live line. */
  public ConsoleListener(Console console) {
    this(console, null, 0);
  }

  /** A listener that keeps a live line on {@code live} (a terminal) for a run of {@code total} alterations. */
  public ConsoleListener(Console console, PrintStream live, int total) {
    this.console = console;
    this.live = live;
    this.total = total;
  }

  @Override
  public void started(Alteration alteration, Direction direction) {
    LOG.info("Running alteration {} {}", alteration.fileName(), direction.word());
    if (live == null) {
      return;
    }
    stopTicker();
    long start = System.nanoTime();
    String label = "[" + (done + 1) + "/" + Math.max(total, done + 1) + "] " + direction.word() + " "
        + alteration.fileName();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "logto-progress");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(() -> {
      synchronized (this) {
        live.print("\r\u001b[2K" + console.dim(label + " " + format(Duration.ofNanos(System.nanoTime() - start))));
        live.flush();
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    stopTicker();
    done++;
    LOG.info("Alteration {} {} succeeded in {}", alteration.fileName(), direction.word(), format(duration));
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
    stopTicker();
    LOG.warn("Waiting for the alteration lock held by {}", holder);
    console.warn("Waiting for the alteration lock held by " + holder);
  }

  @Override
  public void droppedInvalidIndex(Alteration alteration, Direction direction, String name) {
    stopTicker();
    String message = "Dropped the INVALID index " + name + " left by an earlier failed or killed"
        + " CREATE INDEX CONCURRENTLY of " + alteration.fileName() + " `before-" + direction.word()
        + "`; building it again";
    LOG.warn(message);
    console.warn(message);
  }

  @Override
  public void retrying(Alteration alteration, int attempt, int retries, Duration delay, String reason) {
    stopTicker();
    String message = "Alteration " + alteration.fileName() + " could not get a lock (" + reason + "); retry "
        + attempt + " of " + retries + " in " + format(delay);
    LOG.warn(Redactor.redact(message));
    console.warn(message);
  }

  @Override
  public void statementExecuted(String sql, Duration duration) {
    if (SQL.isDebugEnabled()) {
      SQL.debug("{} ({})", Redactor.redact(sql.strip().replaceAll("\\s+", " ")), format(duration));
    }
  }

  @Override
  public boolean wantsStatements() {
    return SQL.isDebugEnabled();
  }

  @Override
  public void finished() {
    stopTicker();
  }

  private synchronized void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ticker = null;
      live.print("\r\u001b[2K");
      live.flush();
    }
  }

  public static String format(Duration duration) {
    long ms = duration.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }
}
