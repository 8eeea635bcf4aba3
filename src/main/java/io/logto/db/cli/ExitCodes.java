package io.logto.db.cli;

import io.logto.db.error.ErrorCode;

/**
 * The process exit codes, by name for the command line's own use. The numbers are defined once,
 * in {@link ErrorCode} (the codes an error maps to, and {@code NOT_UP_TO_DATE} for {@code status
 * --exit-code}); {@link LogtoCommand} lists them in every command's --help. Only success and the
 * signals are not errors' codes.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = ErrorCode.DATABASE.exitCode();
  public static final int USAGE = ErrorCode.USAGE.exitCode();
  public static final int LOCK_TIMEOUT = ErrorCode.LOCK_TIMEOUT.exitCode();
  public static final int CHECK_FAILED = ErrorCode.CHECK_FAILED.exitCode();
  public static final int STATE_MOVED = ErrorCode.STATE_MOVED.exitCode();
  /** {@code status --exit-code}: alterations are pending. */
  public static final int PENDING = ErrorCode.NOT_UP_TO_DATE.exitCode();
  /** Ctrl-C (SIGINT), and a cancelled prompt. */
  public static final int INTERRUPTED = ErrorCode.CANCELLED.exitCode();
  /** SIGTERM: 128 + 15, as a shell reports a process it ended. */
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}
