package io.logto.db.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to Logback for the command-line process, configured directly by
 * {@link LoggingConfigurator}. Logback's own provider gets to the same configuration the long way:
 * it compares the versions of its jars (reading their version properties files), looks the
 * configurator up through a {@code ServiceLoader}, and records how long it took in a status
 * message, which loads a date formatter and spins string-concatenation method handles: about 20 ms
 * of CPU at every start on the machines of docs/performance.md, for a configuration that is fixed
 * at build time. What this provider leaves out with that: Logback's {@code logback.statusListenerClass}
 * system property, and printing Logback's own status warnings after configuring (the configuration
 * in code records none). {@link Main#main} names this class in the {@code slf4j.provider} system
 * property (so SLF4J does not scan the class path for providers either); a program that calls
 * {@link Main#run} gets Logback's provider and the same configuration through
 * {@code META-INF/services}.
 */
public final class LogbackProvider implements SLF4JServiceProvider {
  /** The system property SLF4J reads the provider's class name from. */
  static final String PROPERTY = "slf4j.provider";

  private final LoggerContext context = new LoggerContext();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

  /**
   * Makes this class SLF4J's provider in this process, unless one is named already; SLF4J's own
   * report that it loads a named provider (an info line on stderr) is turned off with it.
   */
  static void install() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, LogbackProvider.class.getName());
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }

  @Override
  public void initialize() {
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    context.setMDCAdapter(mdc);
    LoggingConfigurator configurator = new LoggingConfigurator();
    configurator.setContext(context);
    configurator.configure(context);
    context.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
