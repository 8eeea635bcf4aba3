package io.logto.db.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the journal: a script's up or down that the tool ran (or a baseline mark for a script
 * applied before the journal existed, without a checksum).
 */
public record JournalEntry(long id, String script, String version, BigDecimal timestamp, String direction,
    Optional<String> checksum, Instant startedAt, long durationMs, String databaseUser, String toolVersion) {
  public static final String UP = "up";
  public static final String DOWN = "down";
  public static final String BASELINE = "baseline";

  /** True when this row leaves the script applied. */
  public boolean applies() {
    return direction.equals(UP) || direction.equals(BASELINE);
  }
}
