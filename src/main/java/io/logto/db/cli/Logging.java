package io.logto.db.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import io.logto.db.error.LogtoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Logging: quiet by default (warnings of libraries only, to stderr); {@code --verbose} logs the
 * tool's events and each statement with its duration to stderr; {@code --log-file} writes the
 * same to a file, with the console's {@code [info]}/{@code [warn]}/{@code [error]} lines, leaving
 * stdout clean for results and --json.
 */
final class Logging {
  private static final String TOOL = "io.logto.db";

  /** pgjdbc's java.util.logging logger, silenced (a strong reference, or the setting is lost). */
  private static java.util.logging.Logger driverLog;

  private Logging() {}

  /**
   * SLF4J, initialised once by whichever thread asks first while the others wait (class
   * initialisation is atomic). {@link Warmup} initialises SLF4J here while the main thread parses
   * the arguments, and {@link Main} waits here before any command code runs (which may log, or
   * start the pool and the embedded server on other threads): while SLF4J initialises, a logger
   * taken on another thread is a substitute whose calls are replayed later with a warning on
   * stderr, and the factory handed out is not Logback's context ({@code --verbose} would fail
   * casting it).
   */
  private static final class Slf4j {
    static final ILoggerFactory FACTORY = LoggerFactory.getILoggerFactory();
  }

  /** The logger factory, once SLF4J is initialised (see {@link Slf4j}). */
  static ILoggerFactory ready() {
    return Slf4j.FACTORY;
  }

  /**
   * Silences pgjdbc's own java.util.logging output (its failures reach the user as this tool's
   * messages). Called before a command connects, not at start-up: initialising java.util.logging
   * costs commands that never connect tens of milliseconds.
   */
  static synchronized void quietDriver() {
    if (driverLog == null) {
      driverLog = java.util.logging.Logger.getLogger("org.postgresql");
      driverLog.setLevel(java.util.logging.Level.OFF);
    }
  }

  /**
   * Turns on the tool's log for {@code --verbose} (to stderr) and {@code --log-file}; returns the
   * logger that copies the console's lines into the log file, or null without one.
   */
  static org.slf4j.Logger configure(boolean verbose, Path logFile) {
    if (!verbose && logFile == null) {
      return null;
    }
    LoggerContext context = (LoggerContext) ready();
    Logger tool = context.getLogger(TOOL);
    tool.setLevel(Level.DEBUG);
    tool.setAdditive(false);
    if (verbose) {
      Appender<ILoggingEvent> stderr = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LoggingConfigurator.STDERR);
      if (stderr != null) {
        tool.addAppender(stderr);
      }
    }
    if (logFile != null) {
      return logToFile(context, tool, logFile);
    }
    return null;
  }

  /**
   * Adds the {@code --log-file} appender to the tool's and the root logger, and returns the logger
   * that copies the console's lines to that file alone.
   */
  private static org.slf4j.Logger logToFile(LoggerContext context, Logger tool, Path logFile) {
    try {
      Path parent = logFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw LogtoException.usage("Cannot create the log file " + logFile + ": "
          + io.logto.db.script.ScriptText.reason(e, logFile) + ". Pass --log-file a writable path.");
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("FILE");
    file.setFile(logFile.toAbsolutePath().toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    if (!file.isStarted()) {
      throw LogtoException.usage("Cannot write the log file " + logFile + ". Pass --log-file a writable path.");
    }
    tool.addAppender(file);
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
    // the console's [info]/[warn]/[error] lines, to the file only: --verbose prints them already
    Logger console = context.getLogger(CONSOLE);
    console.setAdditive(false);
    console.setLevel(Level.INFO);
    console.detachAppender(file.getName()); // an earlier run in this JVM (tests)
    console.addAppender(file);
    return console;
  }

  /** The logger of the console's lines in the log file. */
  static final String CONSOLE = TOOL + ".console";
}
