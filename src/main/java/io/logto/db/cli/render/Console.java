package io.logto.db.cli.render;

import io.logto.db.jdbc.Redactor;
import java.io.PrintStream;

/**
 * Console lines in the Logto CLI's wording ({@code [info] ...}): results to stdout, warnings and
 * errors to stderr, colour only on a terminal, every line passed through the {@link Redactor}.
 */
public final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean color;
  private final boolean quiet;
  private final java.util.function.Consumer<String> warnings;

  public Console(PrintStream out, PrintStream err, boolean color, boolean quiet) {
    this(out, err, color, quiet, w -> { });
  }

  /** A console that also hands every warning to {@code warnings} (for the JSON document). */
  public Console(PrintStream out, PrintStream err, boolean color, boolean quiet,
      java.util.function.Consumer<String> warnings) {
    this.out = out;
    this.err = err;
    this.color = color;
    this.quiet = quiet;
    this.warnings = warnings;
  }

  public void info(String message) {
    if (!quiet) {
      out.println(paint("34;1", "[info]") + " " + Redactor.redact(message));
      out.flush();
    }
  }

  public void plain(String message) {
    out.println(Redactor.redact(message));
    out.flush();
  }

  public void warn(String message) {
    warnings.accept(Redactor.redact(message));
    err.println(paint("33;1", "[warn]") + " " + Redactor.redact(message));
    err.flush();
  }

  public void error(String message) {
    err.println(paint("31;1", "[error]") + " " + Redactor.redact(message));
    err.flush();
  }

  /** An indented continuation line of an error. */
  public void errorDetail(String message) {
    err.println("        " + Redactor.redact(message));
    err.flush();
  }

  public String green(String text) {
    return paint("32", text);
  }

  public String dim(String text) {
    return paint("2", text);
  }

  public String red(String text) {
    return paint("31", text);
  }

  public String yellow(String text) {
    return paint("33", text);
  }

  public String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
