package io.logto.db.check;

/** What a check reports while it runs, so the command line can print as it goes. */
public interface CheckListener {
  /** A summary line or a note on what the check covers. */
  default void info(String message) {}

  /** A step of the round trip starts (for verbose output). */
  default void step(String description) {}

  /** A problem was found. */
  default void problem(Problem problem) {}

  /** A hazard was found (accepted or not), after the round trip. */
  default void hazard(io.logto.db.analysis.Finding finding) {}

  CheckListener NONE = new CheckListener() {};
}
