package io.logto.db.cli;

import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.state.StateView;
import java.util.function.Supplier;

/**
 * The database opened and its state read on a thread of its own while the command discovers the
 * scripts: the two are independent, and each is a large part of a short command's time (connecting
 * loads and initialises the driver, the pool and logging, then waits for the server; discovery
 * reads and parses every script). What the user sees does not change: a broken script is reported
 * before a connection problem, as when the two ran one after the other, and a database opened for
 * a command whose scripts turned out broken is closed again.
 */
final class Opening {
  /** The open database and the state it held when read (without a lock). */
  record Opened(Database database, StateView view) {}

  private final Thread thread;
  private volatile Opened opened;
  private volatile RuntimeException failure;
  private volatile Error error;

  private Opening(Session session, Supplier<DatabaseUrl> url) {
    thread = new Thread(() -> {
      try {
        Database database = session.open(url.get());
        try {
          opened = new Opened(database, session.read(database));
        } catch (RuntimeException | Error e) {
          database.close();
          throw e;
        }
      } catch (RuntimeException e) {
        failure = e;
      } catch (Error e) {
        error = e;
      }
    }, "logto:open");
    thread.setDaemon(true);
  }

  /**
   * Starts opening the database at {@code url} on a thread of its own; the URL is resolved there
   * too, so a missing one is reported after the scripts' problems, as before.
   */
  static Opening start(Session session, Supplier<DatabaseUrl> url) {
    Opening opening = new Opening(session, url);
    opening.thread.start();
    return opening;
  }

  /**
   * Runs {@code discovery} on this thread meanwhile. When it fails, its exception is thrown once the
   * opening has ended and what it opened is closed; otherwise {@link #await} gives the database.
   */
  <T> T during(Supplier<T> discovery) {
    try {
      return discovery.get();
    } catch (RuntimeException | Error e) {
      abandon();
      throw e;
    }
  }

  /** The open database and its state, or the opening's exception. */
  Opened await() {
    join();
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure;
    }
    return opened;
  }

  private void abandon() {
    join();
    if (opened != null) {
      opened.database().close();
    }
  }

  private void join() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
