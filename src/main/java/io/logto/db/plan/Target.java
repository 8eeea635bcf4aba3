package io.logto.db.plan;

import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;

/** What the user asked to deploy to: {@code latest}, {@code next} or a version. */
public sealed interface Target {
  /** The newest released version among the pending alterations. */
  record Latest() implements Target {
    @Override
    public String toString() {
      return "latest";
    }
  }

  /** Every pending alteration, unreleased ones included. */
  record Next() implements Target {
    @Override
    public String toString() {
      return "next";
    }
  }

  /** Alterations whose version is at or below this one. */
  record Exact(Version version) implements Target {
    @Override
    public String toString() {
      return version.toString();
    }
  }

  /** Parses {@code latest}, {@code next} or a version ({@code v1.2.0}, {@code 1.0.0_beta.10} too). */
  static Target parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equals("latest")) {
      return new Latest();
    }
    if (trimmed.equals("next")) {
      return new Next();
    }
    return new Exact(parseVersion(text));
  }

  /** Parses a version as users type it: an optional leading {@code v}, {@code _} for {@code -}. */
  static Version parseVersion(String text) {
    String candidate = text.trim();
    if (candidate.startsWith("v") || candidate.startsWith("V")) {
      candidate = candidate.substring(1);
    }
    candidate = candidate.replace('_', '-');
    if (!Version.isValid(candidate)) {
      throw LogtoException.usage("Invalid target version '" + printable(text)
          + "': expected a semantic version such as 1.2.0 or 1.0.0-beta.10 (a leading v is fine).");
    }
    return Version.parse(candidate);
  }

  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
