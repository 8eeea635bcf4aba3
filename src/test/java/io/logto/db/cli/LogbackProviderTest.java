package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

class LogbackProviderTest {
  @Test
  void initialisesLogbackWithTheToolsConfiguration() {
    LogbackProvider provider = new LogbackProvider();
    provider.initialize();
    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    try {
      assertThat(context.isStarted()).isTrue();
      assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      assertThat(root.getLevel()).isEqualTo(Level.WARN);
      assertThat(root.getAppender(LoggingConfigurator.STDERR)).isInstanceOf(LoggingConfigurator.StderrAppender.class);
      assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.OFF);
      assertThat(context.getLogger("io.logto.db").getLevel()).isEqualTo(Level.OFF);
      assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
      assertThat(provider.getRequestedApiVersion()).startsWith("2.0.");
    } finally {
      context.stop();
    }
  }

  @Test
  void installNamesItselfUnlessAProviderIsNamedAlready() {
    String provider = System.getProperty(LogbackProvider.PROPERTY);
    String verbosity = System.getProperty("slf4j.internal.verbosity");
    try {
      System.clearProperty(LogbackProvider.PROPERTY);
      System.clearProperty("slf4j.internal.verbosity");
      LogbackProvider.install();
      assertThat(System.getProperty(LogbackProvider.PROPERTY)).isEqualTo(LogbackProvider.class.getName());
      assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");

      System.setProperty(LogbackProvider.PROPERTY, "org.example.TheirProvider");
      System.clearProperty("slf4j.internal.verbosity");
      LogbackProvider.install();
      assertThat(System.getProperty(LogbackProvider.PROPERTY)).isEqualTo("org.example.TheirProvider");
      assertThat(System.getProperty("slf4j.internal.verbosity")).isNull();
    } finally {
      restore(LogbackProvider.PROPERTY, provider);
      restore("slf4j.internal.verbosity", verbosity);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
