package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.state.Drift;
import io.logto.db.state.StateView;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The database opened and its state read (for {@code status}, with the schema's drift) on a thread
 * of its own while the command discovers the scripts: the two are independent, and each is a large part of a short command's time (connecting
 * loads and initialises the driver, the pool and logging, then waits for the server; discovery
 * reads and parses every script). What the user sees does not change: a broken script is reported
 * first, at once, as when the two ran one after the other (a database opened meanwhile is closed
 * when its opening ends). Only a URL found without asking is opened early, and never an embedded
 * one: asking for a URL on the terminal and starting an embedded server wait until the scripts
 * have been read, as before.
 */
final class Opening {
  /** The open database, the state it held when read (without a lock) and, if asked for, its drift. */
  private record Opened(Database database, StateView view, Drift drift) {}

  /**
   * The scripts, and the database opened and its state read while they were discovered; the schema
   * compared with its recorded fingerprint in the same transaction when {@link #loadWithDrift} asked
   * for it ({@link Drift#NOT_CHECKED} otherwise).
   */
  record Loaded(List<Alteration> alterations, Database database, StateView view, Drift drift) {}

  /**
   * Discovers the scripts of {@code scripts} on this thread while the database {@code connection}
   * names is opened and read on another (see the class comment).
   */
  static Loaded load(Session session, ConnectionOptions connection, AlterationsOption scripts) {
    return load(session, connection, scripts, false);
  }

  /**
   * {@link #load}, and the schema compared with its recorded fingerprint in the transaction that
   * reads the state (the catalog query, some tens of milliseconds at a thousand tables, then runs
   * while the scripts are discovered).
   */
  static Loaded loadWithDrift(Session session, ConnectionOptions connection, AlterationsOption scripts) {
    return load(session, connection, scripts, true);
  }

  private static Loaded load(Session session, ConnectionOptions connection, AlterationsOption scripts,
      boolean drift) {
    Opening opening = start(session, () -> connection.resolve(session.environment),
        () -> connection.require(session.environment), drift);
    List<Alteration> alterations = opening.during(() -> scripts.load(session.environment));
    Opened opened = opening.await();
    return new Loaded(alterations, opened.database(), opened.view(), opened.drift());
  }

  private final Session session;
  private final boolean withDrift;
  private final Supplier<DatabaseUrl> required;
  private final Thread thread;
  /** Set by the thread: what it opened, or why it could not, or the URL it left to {@link #await}. */
  private Opened opened;
  private RuntimeException failure;
  private Error error;
  private Optional<DatabaseUrl> deferred = Optional.empty();
  private boolean abandoned;

  private Opening(Session session, Supplier<Optional<DatabaseUrl>> found, Supplier<DatabaseUrl> required,
      boolean withDrift) {
    this.session = session;
    this.withDrift = withDrift;
    this.required = required;
    thread = new Thread(() -> run(found), "logto:open");
    thread.setDaemon(true);
  }

  /**
   * Starts opening, on a thread of its own, the database {@code found} gives (the URL from the
   * options and the environment, without asking); {@code required} (which may ask on a terminal)
   * is called by {@link #await} when {@code found} gave none.
   */
  private static Opening start(Session session, Supplier<Optional<DatabaseUrl>> found, Supplier<DatabaseUrl> required,
      boolean withDrift) {
    Opening opening = new Opening(session, found, required, withDrift);
    opening.thread.start();
    return opening;
  }

  private void run(Supplier<Optional<DatabaseUrl>> found) {
    Opened result = null;
    RuntimeException failed = null;
    Error broke = null;
    Optional<DatabaseUrl> later = Optional.empty();
    try {
      Optional<DatabaseUrl> url = found.get();
      if (url.isEmpty() || url.get().embeddedDirectory().isPresent()) {
        later = url; // asked for, or an embedded server started, by await: after the scripts are read
      } else {
        result = openAndRead(url.get());
      }
    } catch (RuntimeException e) {
      failed = e;
    } catch (Error e) {
      broke = e;
    } catch (Throwable e) { // a checked exception thrown without being declared
      failed = new IllegalStateException(e);
    }
    synchronized (this) {
      if (abandoned) {
        if (result != null) {
          result.database().close();
        }
        return;
      }
      opened = result;
      failure = failed;
      error = broke;
      deferred = later;
    }
  }

  private Opened openAndRead(DatabaseUrl url) {
    Database database = session.open(url);
    try {
      if (!withDrift) {
        return new Opened(database, session.read(database), Drift.NOT_CHECKED);
      }
      Session.Reading reading = session.readWithDrift(database);
      return new Opened(database, reading.view(), reading.drift());
    } catch (RuntimeException | Error e) {
      database.close();
      throw e;
    }
  }

  /**
   * Runs {@code discovery} on this thread meanwhile. When it fails, its exception is thrown at once;
   * what the opening opens is closed when the opening ends.
   */
  private <T> T during(Supplier<T> discovery) {
    try {
      return discovery.get();
    } catch (RuntimeException | Error e) {
      abandon();
      throw e;
    }
  }

  /**
   * The open database and its state, or the opening's exception. A URL left for later (none found,
   * or an embedded one) is asked for or opened now, on this thread.
   */
  private Opened await() {
    join();
    Optional<DatabaseUrl> later;
    synchronized (this) {
      if (error != null) {
        throw error;
      }
      if (failure != null) {
        throw failure;
      }
      if (opened != null) {
        return opened;
      }
      later = deferred;
    }
    return openAndRead(later.orElseGet(required));
  }

  private synchronized void abandon() {
    abandoned = true;
    if (opened != null) {
      opened.database().close();
      opened = null;
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
