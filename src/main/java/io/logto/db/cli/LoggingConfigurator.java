package io.logto.db.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code (found by Logback through {@code META-INF/services}) rather
 * than a {@code logback.xml}: parsing XML costs every run tens of milliseconds of start-up. Quiet
 * by default: warnings of libraries to stderr, the pool and the embedded server silent, the tool's
 * own logger off until {@code --verbose} or {@code --log-file} turns it on ({@link Logging}).
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
  static final String STDERR = "STDERR";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    StderrAppender stderr = new StderrAppender();
    stderr.setContext(context);
    stderr.setName(STDERR);
    stderr.start();
    context.getLogger("com.zaxxer.hikari").setLevel(Level.OFF);
    context.getLogger("io.zonky").setLevel(Level.OFF);
    context.getLogger("io.logto.db").setLevel(Level.OFF);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Writes to stderr through a console appender and pattern encoder built at the first event:
   * building them (the pattern's converters, its date format and the time zone data behind it)
   * cost every run about 20 ms of start-up, and most runs log nothing.
   */
  static final class StderrAppender extends AppenderBase<ILoggingEvent> {
    private ConsoleAppender<ILoggingEvent> console;

    @Override
    protected void append(ILoggingEvent event) { // AppenderBase.doAppend holds this appender's lock
      if (console == null) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(getContext());
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        console = new ConsoleAppender<>();
        console.setContext(getContext());
        console.setName(STDERR);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
      }
      console.doAppend(event);
    }

    @Override
    public synchronized void stop() {
      if (console != null) {
        console.stop();
      }
      super.stop();
    }
  }
}
