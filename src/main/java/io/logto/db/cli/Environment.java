package io.logto.db.cli;

import io.logto.db.cli.render.Interaction;
import io.logto.db.cli.render.TerminalInteraction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command runs in: its output streams, environment variables, working directory and
 * whether a person can answer prompts. Tests build their own.
 */
public record Environment(PrintStream out, PrintStream err, Map<String, String> variables, Path workingDirectory,
    Interaction interaction) {

  /** The real process environment; interactive when a terminal is attached and CI is not set. */
  public static Environment system() {
    Map<String, String> env = System.getenv();
    boolean ci = env.containsKey("CI") && !env.get("CI").equalsIgnoreCase("false");
    boolean terminal = System.console() != null && !ci;
    return new Environment(System.out, System.err, env, Path.of("").toAbsolutePath(),
        terminal ? TerminalInteraction.system(!env.containsKey("NO_COLOR")) : Interaction.NONE);
  }

  /** This environment with prompts that use no colours (--no-color). */
  public Environment withoutColor() {
    return new Environment(out, err, variables, workingDirectory, interaction.withoutColor());
  }

  public boolean interactive() {
    return interaction.interactive();
  }

  /** Colour when a person watches and NO_COLOR is not set. */
  public boolean color() {
    return interactive() && !variables.containsKey("NO_COLOR");
  }
}
