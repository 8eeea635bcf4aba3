package io.logto.db.script;

import io.logto.db.alteration.AlterationVersion;
import io.logto.db.alteration.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern NAME = Pattern.compile(
      "(?<version>[0-9A-Za-z._]+)-(?<timestamp>\\d{1,10}(?:\\.\\d+)?)-(?<name>[a-z0-9]+(?:-[a-z0-9]+)*)\\.sql");

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
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      throw badName(fileName, "it does not match the pattern");
    }
    String versionText = m.group("version");
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
    BigDecimal timestamp = new BigDecimal(m.group("timestamp"));
    if (timestamp.signum() == 0) {
      throw badName(fileName, "its timestamp is 0, which is the state of a database with no alterations");
    }
    return new ScriptName(version, timestamp, m.group("name"));
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
