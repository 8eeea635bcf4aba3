package io.logto.db.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as operators write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 0}, or ISO {@code PT5M}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    Matcher m = SIMPLE.matcher(value.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
      switch (unit) {
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        default: break;
      }
    } else {
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException ignored) {
        // fall through to the error
      }
    }
    throw new TypeConversionException("'" + value + "' is not a duration: use a number with a unit, such as 500ms, 10s, 5m or 1h");
  }
}
