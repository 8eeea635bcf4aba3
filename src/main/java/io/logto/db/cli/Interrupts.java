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
        signalExitCode = exitCode;
        AlterationRunner runner = active;
        if (runner != null) {
          runner.cancel();
        } else {
          closeQuietly(resource);
          Runtime.getRuntime().halt(exitCode);
        }
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // the platform does not let us handle this signal; the JVM default applies
    }
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
