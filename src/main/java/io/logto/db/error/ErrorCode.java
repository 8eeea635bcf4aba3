package io.logto.db.error;

/** Every failure the tool reports, with the process exit code it maps to. Part of the public interface. */
public enum ErrorCode {
  /** An alteration's SQL failed; it was rolled back. */
  ALTERATION_FAILED(1),
  /** The database could not be reached or refused an operation outside an alteration. */
  DATABASE(1),
  /** The command line or its input (file names, versions, URLs, the state row) is wrong. */
  USAGE(2),
  /** Waiting for another deployer's lock took longer than allowed. */
  LOCK_TIMEOUT(3),
  /** A consistency check failed (for example the database is ahead of this tool). */
  CHECK_FAILED(4),
  /**
   * Another command moved the state against this one's direction while it ran (a rollback during a
   * deploy, or the reverse); this one stopped between alterations, and running it again is safe.
   */
  STATE_MOVED(5),
  /** The database lacks alterations this tool ships (the library's startup gate; {@code status --exit-code}). */
  NOT_UP_TO_DATE(10),
  /** The user cancelled (Ctrl-C, or answered no). */
  CANCELLED(130);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
