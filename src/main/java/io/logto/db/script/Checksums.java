package io.logto.db.script;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.Section;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checksums of what an alteration runs in one direction: SHA-256 of its sections' text
 * ({@code before-*} then the transactional one), already normalised to LF line endings without a
 * BOM, so a Windows checkout does not look edited.
 */
public final class Checksums {
  private Checksums() {}

  public static String of(Alteration alteration, Direction direction) {
    if (alteration.program().isPresent()) {
      return sha256("java:" + alteration.program().get().getClass().getName() + ":" + direction.word() + ":"
          + alteration.program().get().revision());
    }
    StringBuilder text = new StringBuilder();
    alteration.beforeSection(direction).map(Section::sql).ifPresent(s -> text.append(s).append('\u0000'));
    Optional<Section> main = alteration.section(direction);
    main.ifPresent(s -> text.append(s.sql()));
    return sha256(text.toString());
  }

  /** The up checksums of {@code alterations}, in their order (what plan.Checks.of compares with the journal). */
  public static java.util.List<String> ofAllUp(java.util.List<Alteration> alterations) {
    return ofAll(alterations, Direction.UP);
  }

  /**
   * The checksums of {@code alterations} in one direction, in their order: computed in parallel for
   * long lists (hashing a thousand applied scripts is part of every run's start-up).
   */
  public static java.util.List<String> ofAll(java.util.List<Alteration> alterations, Direction direction) {
    java.util.List<String> sums = new java.util.ArrayList<>(
        AlterationDiscovery.eachInOrder(alterations, a -> a.isJava() ? null : of(a, direction)));
    // a Java alteration's revision() is its own code: called on this thread, as it always was
    for (int i = 0; i < sums.size(); i++) {
      if (alterations.get(i).isJava()) {
        sums.set(i, of(alterations.get(i), direction));
      }
    }
    return sums;
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A digest to clone: looking SHA-256 up among the security providers costs more than hashing a script. */
  private static final MessageDigest PROTOTYPE = newDigest();

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      MessageDigest digest = (MessageDigest) PROTOTYPE.clone();
      return HexFormat.of().formatHex(digest.digest(bytes));
    } catch (CloneNotSupportedException e) {
      return HexFormat.of().formatHex(newDigest().digest(bytes));
    }
  }
}
