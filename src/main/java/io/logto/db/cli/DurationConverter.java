package io.logto.db.cli;

import io.logto.db.run.RunSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations as operators write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * {@code 0}, or ISO {@code PT5M}; and checks them against {@link RunSettings#check}'s range while
 * the command line is parsed, so a value PostgreSQL would refuse or round to 0 fails before
 * anything runs, {@code --dry-run} included.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value.trim());
    if (duration == null) {
      throw new TypeConversionException("'" + value + "' is not a duration: use a number with a unit, such as 500ms,"
          + " 10s, 5m or 1h");
    }
    String problem = RunSettings.check(duration);
    if (problem != null) {
      throw new TypeConversionException("'" + value + "' " + problem + ". Use 0 or " + RunSettings.RANGE);
    }
    return duration;
  }

  /** The duration {@code text} writes, null when it is none; one longer than any a run accepts when it overflows. */
  private static Duration parse(String text) {
    Matcher m = SIMPLE.matcher(text);
    if (m.matches()) {
      String unit = m.group(2) == null ? "" : m.group(2);
      try {
        long n = Long.parseLong(m.group(1));
        switch (unit) {
          case "ms": return Duration.ofMillis(n);
          case "s": return Duration.ofSeconds(n);
          case "m": return Duration.ofMinutes(n);
          case "h": return Duration.ofHours(n);
          default: return n == 0 ? Duration.ZERO : null;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        return unit.isEmpty() ? null : RunSettings.LONGEST.plusDays(1); // too many digits: out of range, said as such
      }
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
