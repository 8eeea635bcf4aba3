package io.logto.db.state;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The live schema against the fingerprint recorded after the last deploy or rollback that ran an
 * alteration ({@link SchemaFingerprints}): whether someone changed it outside logto since.
 *
 * <p>{@link Status#DRIFTED} is the one finding; the other outcomes say why there is nothing to
 * compare. {@code logto db alteration diff} with the database's URL shows what changed.
 */
public record Drift(Status status, Optional<Recorded> recorded, Optional<String> live, Optional<String> reason) {

  /** The outcome of a comparison. */
  public enum Status {
    /** The schema is as logto left it. */
    UNCHANGED,
    /** The schema changed since logto recorded its fingerprint. */
    DRIFTED,
    /** No fingerprint has been recorded yet (no deploy or rollback ran an alteration with this logto). */
    NOT_RECORDED,
    /** The newest fingerprint was recorded at another state: the state moved without this logto. */
    OTHER_STATE,
    /** Not compared: the caller did not ask, or the fingerprint could not be read ({@link #reason}). */
    NOT_CHECKED
  }

  /** A recorded fingerprint: the schema as logto left it. */
  public record Recorded(String fingerprint, BigDecimal stateTimestamp, String command, String recordedAt) {}

  /** No comparison was made. */
  public static final Drift NOT_CHECKED = new Drift(Status.NOT_CHECKED, Optional.empty(), Optional.empty(),
      Optional.empty());

  /** The command that shows the changes in detail. */
  public static final String DETAILS_COMMAND = "logto db alteration diff";

  public boolean drifted() {
    return status == Status.DRIFTED;
  }

  /** The one-line warning for a drifted schema. */
  public Optional<String> warning() {
    if (!drifted()) {
      return Optional.empty();
    }
    Recorded r = recorded.orElseThrow();
    return Optional.of("The schema was changed outside logto since the " + r.command() + " of " + r.recordedAt()
        + ": its catalog fingerprint differs from the one recorded then. See what changed: " + DETAILS_COMMAND
        + " with the same --db-url.");
  }

  /** One line for {@code status}: what the comparison found. */
  public String summary() {
    return switch (status) {
      case UNCHANGED -> "schema unchanged since the " + recorded.orElseThrow().command() + " of "
          + recorded.orElseThrow().recordedAt();
      case DRIFTED -> "schema changed outside logto since the " + recorded.orElseThrow().command() + " of "
          + recorded.orElseThrow().recordedAt();
      case NOT_RECORDED -> "schema not fingerprinted yet (the next deploy or rollback that runs an alteration"
          + " records it)";
      case OTHER_STATE -> "schema not compared: its fingerprint was recorded at state "
          + recorded.orElseThrow().stateTimestamp().toPlainString() + ", before the state last moved (the next"
          + " deploy or rollback that runs an alteration records it again)";
      case NOT_CHECKED -> "schema not compared" + reason.map(r -> ": " + r).orElse("");
    };
  }

  /** The status as JSON and the library show it: {@code unchanged}, {@code drifted}, {@code not-recorded}... */
  public String statusName() {
    return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
