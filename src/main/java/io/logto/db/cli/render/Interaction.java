package io.logto.db.cli.render;

import java.util.List;
import java.util.Optional;

/** Questions to the person at the terminal. Not interactive: every question is refused. */
public interface Interaction {
  /** True when a person can answer (a terminal is attached). */
  boolean interactive();

  /** Lets the user pick one of {@code choices}; empty when cancelled (Ctrl-C). */
  Optional<String> choose(String message, List<String> choices);

  /** Asks a yes/no question, default no; empty when cancelled. */
  Optional<Boolean> confirm(String message);

  /** Reads a line with echo masked; empty when cancelled. */
  Optional<String> readSecretLine(String message);

  /** The same prompts without colours. */
  default Interaction withoutColor() {
    return this;
  }

  Interaction NONE = new Interaction() {
    @Override
    public boolean interactive() {
      return false;
    }

    @Override
    public Optional<String> choose(String message, List<String> choices) {
      return Optional.empty();
    }

    @Override
    public Optional<Boolean> confirm(String message) {
      return Optional.empty();
    }

    @Override
    public Optional<String> readSecretLine(String message) {
      return Optional.empty();
    }
  };
}
