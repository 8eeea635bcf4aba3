package io.logto.db.cli;

import io.logto.db.run.AlterationRunner;

/**
 * Ctrl-C and SIGTERM: while an alteration runs, the signal cancels its statement on the server so
 * the transaction rolls back and the command reports what was applied; otherwise it exits at once
 * (nothing is being changed).
 */
final class Interrupts {
  private static volatile AlterationRunner active;
  private static volatile AutoCloseable resource;
  private static volatile int signalExitCode;

  private Interrupts() {}

  static void install() {
    handle("INT", ExitCodes.INTERRUPTED);
    handle("TERM", ExitCodes.TERMINATED);
  }

  @SuppressWarnings("removal")
  private static void handle(String name, int exitCode) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
        boolean second = signalExitCode != 0;
        signalExitCode = exitCode;
        AlterationRunner runner = active;
        if (runner != null && !second) {
          runner.cancel();
          exitWithin(GRACE, exitCode);
        } else {
          closeQuietly(resource);
          Runtime.getRuntime().halt(exitCode);
        }
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // the platform does not let us handle this signal; the JVM default applies
    }
  }

  /**
   * How long a cancelled run may take to end after a signal. A server that does not answer (a
   * stopped backend, a dead network) would otherwise keep the process alive for ever; ten seconds
   * leaves most of Kubernetes' default 30 s grace period.
   */
  static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);

  /**
   * After the cancel: exits with {@code exitCode} if the run has not ended within {@code grace}.
   * Nothing is half-applied either way: the open transaction is the server's to roll back when it
   * notices the connection is gone (within a second on PostgreSQL 14+, client_connection_check_interval).
   */
  private static void exitWithin(java.time.Duration grace, int exitCode) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(grace.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (active != null) {
        System.err.println("[error] The database did not end the cancelled statement within " + grace.toSeconds()
            + "s; exiting anyway. The server rolls the alteration back when it notices this client is gone;"
            + " check with `logto db alteration status` before running the same command again.");
        System.err.flush();
        closeQuietly(resource);
        Runtime.getRuntime().halt(exitCode);
      }
    }, "logto-exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The open database, closed before exiting on a signal (an embedded server must be stopped). */
  static void opened(AutoCloseable database) {
    resource = database;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }
  }

  static void running(AlterationRunner runner) {
    active = runner;
  }

  static void finished() {
    active = null;
  }

  /** The exit code for a cancellation: the signal's, or 130 when the user cancelled a prompt. */
  static int cancelledExitCode() {
    return signalExitCode != 0 ? signalExitCode : ExitCodes.INTERRUPTED;
  }
}
