package io.logto.db.cli;

import java.util.List;

/**
 * Start-up work done early, on a thread of its own, for commands that connect: while the main
 * thread builds picocli's model and parses the arguments, this one initialises what connecting
 * needs first (Logback, java.util.logging, SecureRandom, the locale's calendar data, classes of the
 * driver, the pool and the state store whose initialisation is slow). It changes nothing a command
 * does or prints: each step is class initialisation the command would otherwise do itself, a moment
 * later, on its critical path. Measured in docs/performance.md.
 */
final class Warmup extends Thread {
  /** Classes whose static initialisation is slow, in the order a command reaches them. */
  static final List<String> CLASSES = List.of(
      "org.postgresql.Driver",
      "com.zaxxer.hikari.HikariConfig",
      "org.postgresql.jdbc.PgConnection",
      // a java.lang.reflect.Proxy, spun at first use: the first isClosed() of a pooled connection
      "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection",
      "io.logto.db.state.LogtoConfigsStateStore");

  private Warmup() {
    super("logto:warm-up");
    setDaemon(true);
  }

  /**
   * True when {@code args} name a command that connects ({@link CommandTree} says which), without
   * help or version.
   */
  static boolean wanted(String[] args) {
    RawArgs raw = new RawArgs(args);
    return !raw.helpOrVersion() && CommandTree.connects(raw);
  }

  /** Starts warming up when {@code args} name a command that connects; true when it did. */
  static boolean startFor(String[] args) {
    if (wanted(args)) {
      new Warmup().start();
      return true;
    }
    return false;
  }

  @Override
  public void run() {
    try {
      Logging.ready();
      Logging.quietDriver();
      java.util.UUID.randomUUID(); // HikariCP names every connection attempt with one
      new java.util.GregorianCalendar(); // pgjdbc builds one per connection
      ClassLoader loader = Warmup.class.getClassLoader();
      for (String name : CLASSES) {
        Class.forName(name, true, loader);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // only a head start: the command does the same work itself and reports what fails
    }
  }
}
