package io.logto.db.testing;

import io.logto.db.cli.Environment;
import io.logto.db.cli.Main;
import io.logto.db.cli.render.Interaction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process ({@link Main#run}) with captured output. */
public final class CliRunner {
  private final Map<String, String> variables = new HashMap<>();
  private Path workingDirectory = Path.of("").toAbsolutePath();
  private Interaction interaction = Interaction.NONE;

  public CliRunner env(String key, String value) {
    variables.put(key, value);
    return this;
  }

  public CliRunner in(Path directory) {
    this.workingDirectory = directory;
    return this;
  }

  public CliRunner interaction(Interaction interaction) {
    this.interaction = interaction;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = Main.run(new Environment(outStream, errStream, Map.copyOf(variables), workingDirectory, interaction), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Exit code and captured streams of one run. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
