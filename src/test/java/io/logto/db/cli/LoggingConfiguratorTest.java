package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggingConfiguratorTest {
  @Test
  void librariesWarningsReachStderrThroughTheEncoderBuiltAtTheFirstEvent() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    new LoggingConfigurator().configure(context);
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      context.getLogger("org.example.library").info("not shown: below WARN");
      context.getLogger("org.example.library").warn("disk {} is slow", "sda");
      context.getLogger("com.zaxxer.hikari.pool").error("the pool is silent");
      context.getLogger("org.example.library").warn("second line");
    } finally {
      context.stop();
      System.setErr(original);
    }
    String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  org\\.example\\.library - disk sda is slow");
    assertThat(lines[1]).endsWith("WARN  org.example.library - second line");
  }
}
