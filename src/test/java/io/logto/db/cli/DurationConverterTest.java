package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.run.RunSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({
      "0, PT0S", "500ms, PT0.5S", "10s, PT10S", "5m, PT5M", "1h, PT1H", " 2s , PT2S", "PT5M, PT5M",
      "PT0.001S, PT0.001S", "2147483647ms, PT596H31M23.647S", "PT596H31M23.647S, PT596H31M23.647S", "596h, PT596H"})
  void acceptsDurationsInRange(String text, String expected) {
    assertThat(converter.convert(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PT0.0004S            | is below 1ms: PostgreSQL counts whole milliseconds, so it would be 0, which turns the timeout off",
      "PT0.0015S            | has a fraction of a millisecond: PostgreSQL counts whole milliseconds",
      "9999999999h          | is too long",
      "2147483648ms         | is too long",
      "597h                 | is too long",
      "99999999999999999999h | is too long",
      "PT-5S                | is negative",
  })
  void refusesDurationsOutOfRangeNamingTheRange(String text, String problem) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' " + problem + ". Use 0 or " + RunSettings.RANGE)
        .hasMessageContaining("from 1ms to 2147483647ms");
  }

  @ParameterizedTest
  @CsvSource({"5x", "-5s", "5", "ms", "1.5s", "''"})
  void refusesTextThatIsNoDuration(String text) {
    assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("is not a duration");
  }

  @Test
  void runSettingsRefuseTheSameDurationsForLibraryCallers() {
    assertThatThrownBy(() -> new RunSettings(Duration.ofMinutes(1), Duration.ofNanos(400_000), Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockTimeout").hasMessageContaining("below 1ms");
    assertThatThrownBy(() -> new RunSettings(Duration.ofHours(9_999_999_999L), Duration.ZERO, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockWait").hasMessageContaining("too long");
    assertThatThrownBy(() -> new RunSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout").hasMessageContaining("negative");
    assertThat(new RunSettings(Duration.ZERO, RunSettings.LONGEST, Duration.ofMillis(1), 0).lockTimeout())
        .isEqualTo(RunSettings.LONGEST);
  }
}
