package io.logto.db.script;

import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;

/**
 * The parts of an alteration file name, {@code <version>-<timestamp>-<name>.sql}: a semantic
 * version with {@code -} written {@code _} (or {@code next}), Unix seconds (at most 10 digits,
 * optionally a fraction), and lower-case words joined by {@code -}.
 */
public record ScriptName(AlterationVersion version, BigDecimal timestamp, String name) {
  public static final String PATTERN_HELP =
      "<version>-<timestamp>-<name>.sql, e.g. 1.2.0-1700000000-add-user-locale.sql"
          + " (version: semver with '-' written '_', or next; timestamp: Unix seconds, up to 10"
          + " digits and an optional fraction; name: lower-case words joined by '-')";

  /**
   * Versions already parsed, by their text in a file name: a history holds many scripts per version,
   * and checking a semantic version is most of the cost of parsing a name. Only valid ones are kept.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, AlterationVersion> VERSIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Parses a file name (without directories).
   *
   * @throws LogtoException (usage) naming the file and the expected pattern
   */
  public static ScriptName parse(String fileName) {
    String[] parts = split(fileName);
    if (parts == null) {
      throw badName(fileName, "it does not match the pattern");
    }
    String versionText = parts[0];
    AlterationVersion version = VERSIONS.get(versionText);
    if (version == null) {
      if (versionText.equals(AlterationVersion.NEXT_TAG)) {
        version = AlterationVersion.NEXT;
      } else {
        String semver = versionText.replace('_', '-');
        if (!Version.isValid(semver)) {
          throw badName(fileName, "'" + versionText + "' is not a semantic version or next");
        }
        version = AlterationVersion.of(Version.parse(semver));
      }
      if (VERSIONS.size() < 10_000) {
        VERSIONS.put(versionText, version);
      }
    }
    BigDecimal timestamp = new BigDecimal(parts[1]);
    if (timestamp.signum() == 0) {
      throw badName(fileName, "its timestamp is 0, which is the state of a database with no alterations");
    }
    return new ScriptName(version, timestamp, parts[2]);
  }

  /**
   * The version, timestamp and name texts of a name that follows the pattern
   * {@code [0-9A-Za-z._]+ - [0-9]{1,10}(\.[0-9]+)? - [a-z0-9]+(-[a-z0-9]+)* .sql}, or null. Matched by
   * hand: a regular expression per name was most of the cost of parsing thousands of names in a
   * fresh JVM. A version cannot hold '-', so the first '-' ends it.
   */
  static String[] split(String fileName) {
    if (!fileName.endsWith(".sql")) {
      return null;
    }
    int end = fileName.length() - 4;
    int versionEnd = versionEnd(fileName, end);
    if (versionEnd < 0) {
      return null;
    }
    int timestampStart = versionEnd + 1;
    int timestampEnd = timestampEnd(fileName, timestampStart, end);
    if (timestampEnd < 0 || !isName(fileName, timestampEnd + 1, end)) {
      return null;
    }
    return new String[] {fileName.substring(0, versionEnd), fileName.substring(timestampStart, timestampEnd),
        fileName.substring(timestampEnd + 1, end)};
  }

  /** Where the version ends: at the first '-', after at least one version character; -1 when it does not. */
  private static int versionEnd(String fileName, int end) {
    int i = 0;
    while (i < end && isVersionChar(fileName.charAt(i))) {
      i++;
    }
    return i == 0 || i == end || fileName.charAt(i) != '-' ? -1 : i;
  }

  /**
   * Where the timestamp that starts at {@code start} ends: at a '-', after 1 to 10 digits and an
   * optional fraction ({@code .} and digits); -1 when it does not.
   */
  private static int timestampEnd(String fileName, int start, int end) {
    int i = digitsEnd(fileName, start, end);
    if (i == start || i - start > 10) {
      return -1;
    }
    if (i < end && fileName.charAt(i) == '.') {
      int fractionStart = i + 1;
      i = digitsEnd(fileName, fractionStart, end);
      if (i == fractionStart) {
        return -1;
      }
    }
    return i == end || fileName.charAt(i) != '-' ? -1 : i;
  }

  private static int digitsEnd(String fileName, int from, int end) {
    int i = from;
    while (i < end && isDigit(fileName.charAt(i))) {
      i++;
    }
    return i;
  }

  /** True when {@code fileName[start, end)} is words of {@code [a-z0-9]+} joined by single '-'. */
  private static boolean isName(String fileName, int start, int end) {
    boolean wordExpected = true;
    for (int i = start; i < end; i++) {
      char c = fileName.charAt(i);
      if (isDigit(c) || c >= 'a' && c <= 'z') {
        wordExpected = false;
      } else if (c == '-' && !wordExpected) {
        wordExpected = true;
      } else {
        return false;
      }
    }
    return !wordExpected; // false for no name, or one that ends with '-'
  }

  private static boolean isVersionChar(char c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True when {@code fileName} follows the pattern. */
  public static boolean isValid(String fileName) {
    try {
      parse(fileName);
      return true;
    } catch (LogtoException e) {
      return false;
    }
  }

  private static LogtoException badName(String fileName, String why) {
    return LogtoException.usage("Alteration file " + fileName + " has an invalid name: " + why
        + ". Rename it to " + PATTERN_HELP + ".");
  }
}
