package io.logto.db.run;

import io.logto.db.jdbc.ServerChecks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * While a statement of a watched session runs, records who blocks it, for the retry and failure
 * messages ({@code blocked by pid …}). One periodic task serves the whole run (scheduling one per
 * alteration would wake a thread twice per alteration); it queries on its own connection.
 */
final class BlockerWatcher {
  private final DataSource dataSource;
  private final Cancellation cancellation;
  private final boolean enabled;
  private volatile List<String> last = List.of();
  private volatile int watchedPid;
  private ScheduledExecutorService executor;
  private ScheduledFuture<?> task;

  /** {@code enabled}: only a run that can wait for locks (a lock timeout or retries) needs names. */
  BlockerWatcher(DataSource dataSource, Cancellation cancellation, boolean enabled) {
    this.dataSource = dataSource;
    this.cancellation = cancellation;
    this.enabled = enabled;
  }

  /** The blockers seen while the last watched statement ran (empty when none). */
  List<String> last() {
    return last;
  }

  /** Starts watching the session {@code pid}, forgetting earlier blockers. */
  synchronized void watch(int pid) {
    last = List.of();
    if (!enabled) {
      return;
    }
    watchedPid = pid;
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logto-blocker-watch");
        t.setDaemon(true);
        return t;
      });
      task = executor.scheduleWithFixedDelay(this::look, 100, 250, TimeUnit.MILLISECONDS);
    }
  }

  private void look() {
    int watched = watchedPid;
    if (!cancellation.isRunning() || watched == 0) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      List<String> blockers = ServerChecks.blockers(c, watched);
      if (!blockers.isEmpty()) {
        last = blockers;
      }
    } catch (SQLException | RuntimeException ignored) {
      // best effort: the message then names no blocker
    }
  }

  void pause() {
    watchedPid = 0;
  }

  synchronized void stop() {
    pause();
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
