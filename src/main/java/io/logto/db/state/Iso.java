package io.logto.db.state;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The state row's times, {@code 2024-05-01T12:30:00.123Z} (what JavaScript's
 * {@code Date.toISOString()} writes), formatted and recognised by hand: the deploy loop writes
 * and re-reads the row once per alteration, and java.time's formatters cost more there than the
 * rest of the bookkeeping.
 */
final class Iso {
  private Iso() {}

  /** The instant in UTC with millisecond precision. */
  static String utc(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(24);
    pad(text, t.getYear(), 4).append('-');
    pad(text, t.getMonthValue(), 2).append('-');
    pad(text, t.getDayOfMonth(), 2).append('T');
    pad(text, t.getHour(), 2).append(':');
    pad(text, t.getMinute(), 2).append(':');
    pad(text, t.getSecond(), 2).append('.');
    return pad(text, t.getNano() / 1_000_000, 3).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }

  /**
   * True for a valid {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}. False means only "not this form":
   * the caller then asks java.time, which also knows offsets and leap seconds.
   */
  static boolean isPlainUtc(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
        || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return false;
    }
    if (n > 20 && (text.charAt(19) != '.' || n == 21 || n > 30 || !digits(text, 20, n - 1))) {
      return false;
    }
    if (!digits(text, 0, 4) || !digits(text, 5, 7) || !digits(text, 8, 10) || !digits(text, 11, 13)
        || !digits(text, 14, 16) || !digits(text, 17, 19)) {
      return false;
    }
    try {
      LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10), number(text, 11, 13),
          number(text, 14, 16), number(text, 17, 19));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int to) {
    return Integer.parseInt(text, from, to, 10);
  }
}
