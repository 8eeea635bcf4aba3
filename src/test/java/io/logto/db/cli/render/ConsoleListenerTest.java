package io.logto.db.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.Section;
import io.logto.db.alteration.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The progress output: a live n/N line on a terminal, plain lines elsewhere, nothing with --quiet. */
class ConsoleListenerTest {
  private static final Alteration A = new Alteration("1.0.0-100-a.sql", AlterationVersion.of(Version.parse("1.0.0")),
      BigDecimal.valueOf(100), "a", new Section("select 1;", 2), Optional.empty(), Optional.empty(), Optional.empty(),
      "memory", false);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalALiveLineShowsTheRunningAlterationItsElapsedTimeAndNofN() throws Exception {
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    ConsoleListener listener = new ConsoleListener(new Console(stdout, new PrintStream(err), false, false), stdout, 2);
    listener.started(A, Direction.UP);
    Thread.sleep(350);
    assertThat(out()).contains("\r\u001b[2K[1/2] up 1.0.0-100-a.sql ").containsPattern("\\d+ ms");
    listener.succeeded(A, Direction.UP, Duration.ofMillis(350));
    listener.finished();
    String text = out();
    assertThat(text).endsWith("\r\u001b[2K[info] Run alteration 1.0.0-100-a.sql `up()` function succeeded (350 ms)\n");
    int length = text.length();
    Thread.sleep(250);
    assertThat(out()).hasSize(length);
  }

  @Test
  void withoutATerminalOnlyPlainLinesAndWithQuietNothing() throws Exception {
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    ConsoleListener plain = new ConsoleListener(new Console(stdout, new PrintStream(err), false, false));
    plain.started(A, Direction.UP);
    Thread.sleep(150);
    plain.succeeded(A, Direction.UP, Duration.ofMillis(12));
    assertThat(out()).isEqualTo("[info] Run alteration 1.0.0-100-a.sql `up()` function succeeded (12 ms)\n");

    out.reset();
    ConsoleListener quiet = new ConsoleListener(new Console(stdout, new PrintStream(err), false, true));
    quiet.started(A, Direction.UP);
    quiet.succeeded(A, Direction.UP, Duration.ofMillis(12));
    assertThat(out()).isEmpty();
  }
}
