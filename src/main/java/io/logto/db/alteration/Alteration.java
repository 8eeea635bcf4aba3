package io.logto.db.alteration;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One alteration script: its file name, version, timestamp (Unix seconds, possibly with a
 * fraction; the ordering key), its name, its sections and where it was found. {@code irreversible}
 * when the script declares with {@code -- alteration:irreversible} that it has no down section on
 * purpose.
 */
public record Alteration(
    String fileName,
    AlterationVersion version,
    BigDecimal timestamp,
    String name,
    Section up,
    Optional<Section> down,
    Optional<Section> beforeUp,
    Optional<Section> beforeDown,
    String location,
    boolean irreversible,
    Optional<JavaAlteration> program) {

  /** An SQL alteration. */
  public Alteration(String fileName, AlterationVersion version, BigDecimal timestamp, String name, Section up,
      Optional<Section> down, Optional<Section> beforeUp, Optional<Section> beforeDown, String location,
      boolean irreversible) {
    this(fileName, version, timestamp, name, up, down, beforeUp, beforeDown, location, irreversible, Optional.empty());
  }

  public boolean isJava() {
    return program.isPresent();
  }

  /** The transactional section for a direction; empty for a script without a down section. */
  public Optional<Section> section(Direction direction) {
    return direction == Direction.UP ? Optional.of(up) : down;
  }

  /** The non-transactional section that runs before {@link #section(Direction)}, if any. */
  public Optional<Section> beforeSection(Direction direction) {
    return direction == Direction.UP ? beforeUp : beforeDown;
  }

  public boolean isReversible() {
    return down.isPresent();
  }

  public boolean isAppliedAt(BigDecimal stateTimestamp) {
    return timestamp.compareTo(stateTimestamp) <= 0;
  }
}
