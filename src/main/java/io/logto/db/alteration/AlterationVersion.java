package io.logto.db.alteration;

import java.util.Optional;

/**
 * The version an alteration belongs to: a released {@link Version}, or {@code next} for
 * unreleased alterations, which sorts above every release.
 */
public record AlterationVersion(Optional<Version> release) implements Comparable<AlterationVersion> {
  public static final String NEXT_TAG = "next";
  public static final AlterationVersion NEXT = new AlterationVersion(Optional.empty());

  public static AlterationVersion of(Version version) {
    return new AlterationVersion(Optional.of(version));
  }

  public boolean isNext() {
    return release.isEmpty();
  }

  /** True when this version is at or below {@code target}; {@code next} is only below nothing. */
  public boolean isAtOrBelow(Version target) {
    return release.map(v -> v.compareTo(target) <= 0).orElse(false);
  }

  @Override
  public int compareTo(AlterationVersion other) {
    if (isNext() || other.isNext()) {
      return Boolean.compare(isNext(), other.isNext());
    }
    return release.get().compareTo(other.release.get());
  }

  @Override
  public String toString() {
    return release.map(Version::toString).orElse(NEXT_TAG);
  }
}
