package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.LogtoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DATABASE_STATEMENT_TIMEOUT as the Logto CLI reads it (milliseconds, DISABLE_TIMEOUT), plus logto's durations. */
class RunOptionsTest {
  private static Duration timeout(String value) {
    return RunOptions.statementTimeout(new Variables.Found("DATABASE_STATEMENT_TIMEOUT", value, "the environment", null));
  }

  @Test
  void millisecondsAsUpstreamDisableTimeoutAndDurations() {
    assertThat(timeout("5000")).isEqualTo(Duration.ofSeconds(5));
    assertThat(timeout(" 15 ")).isEqualTo(Duration.ofMillis(15));
    assertThat(timeout("1.5")).isEqualTo(Duration.ofNanos(1_500_000));
    assertThat(timeout("0")).isZero();
    assertThat(timeout("DISABLE_TIMEOUT")).isZero();
    assertThat(timeout("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(timeout("PT1M")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void whatUpstreamIgnoresIsAnError() {
    for (String value : new String[] {"abc", "123abc", "-1", "1e3", "9999999999999999"}) {
      assertThatThrownBy(() -> timeout(value)).as(value).isInstanceOf(LogtoException.class)
          .hasMessage("DATABASE_STATEMENT_TIMEOUT=" + value + " (from the environment) is not a statement timeout: use"
              + " milliseconds (30000, as the Logto CLI), a duration such as 30s, or DISABLE_TIMEOUT.");
    }
  }
}
