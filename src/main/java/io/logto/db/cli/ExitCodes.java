package io.logto.db.cli;

/** The process exit codes; {@link LogtoCommand} lists them in every command's --help. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int LOCK_TIMEOUT = 3;
  public static final int CHECK_FAILED = 4;
  public static final int INTERRUPTED = 130;
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}
