package io.logto.db.alteration;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A semantic version (semver.org 2.0.0) with pre-release identifiers, ordered by semver
 * precedence: {@code 1.0.0-beta.9 < 1.0.0-beta.10 < 1.0.0-rc.0 < 1.0.0}. Build metadata is not
 * accepted: it would make two spellings of one version.
 */
public record Version(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease)
    implements Comparable<Version> {

  public Version {
    preRelease = List.copyOf(preRelease);
  }

  /** Parses a strict semantic version such as {@code 1.2.0} or {@code 1.0.0-beta.10}. */
  public static Version parse(String text) {
    Version version = tryParse(text);
    if (version == null) {
      throw new IllegalArgumentException("not a semantic version: " + text);
    }
    return version;
  }

  /** True when {@code text} is a strict semantic version. */
  public static boolean isValid(String text) {
    return tryParse(text) != null;
  }

  /**
   * The version {@code text} spells, or null. Matched by hand, not with a regular expression
   * (compiling one costs every start a few milliseconds); the grammar, which VersionTest holds this
   * to as a pattern: {@code NUMBER.NUMBER.NUMBER(-ID(.ID)*)?}, a NUMBER being {@code 0} or digits
   * without a leading zero, an ID being ASCII letters, digits and {@code -}, without a leading zero
   * when it is all digits.
   */
  private static Version tryParse(String text) {
    // Long: a hand-written matcher of one grammar (see above), read top to bottom like the pattern it replaces
    int length = text.length();
    int at = 0;
    String[] numbers = new String[3];
    for (int part = 0; part < 3; part++) {
      int start = at;
      while (at < length && isDigit(text.charAt(at))) {
        at++;
      }
      if (at == start || text.charAt(start) == '0' && at - start > 1) {
        return null;
      }
      numbers[part] = text.substring(start, at);
      if (part < 2) {
        if (at == length || text.charAt(at) != '.') {
          return null;
        }
        at++;
      }
    }
    List<String> identifiers = List.of();
    if (at < length) {
      if (text.charAt(at) != '-') {
        return null;
      }
      at++;
      List<String> found = new ArrayList<>(2);
      while (true) {
        int start = at;
        boolean numeric = true;
        while (at < length && isIdentifierChar(text.charAt(at))) {
          numeric &= isDigit(text.charAt(at));
          at++;
        }
        if (at == start || numeric && text.charAt(start) == '0' && at - start > 1) {
          return null;
        }
        found.add(text.substring(start, at));
        if (at == length) {
          break;
        }
        if (text.charAt(at) != '.') {
          return null;
        }
        at++;
      }
      identifiers = found;
    }
    return new Version(new BigInteger(numbers[0]), new BigInteger(numbers[1]), new BigInteger(numbers[2]), identifiers);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierChar(char c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-';
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  @Override
  public int compareTo(Version other) {
    int c = major.compareTo(other.major);
    if (c == 0) {
      c = minor.compareTo(other.minor);
    }
    if (c == 0) {
      c = patch.compareTo(other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numA = a.chars().allMatch(Character::isDigit);
    boolean numB = b.chars().allMatch(Character::isDigit);
    if (numA && numB) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (numA != numB) {
      return numA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    String core = major + "." + minor + "." + patch;
    return preRelease.isEmpty() ? core : core + "-" + String.join(".", preRelease);
  }
}
