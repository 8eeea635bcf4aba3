package io.logto.db.cli.render;

import io.logto.db.jdbc.Redactor;
import java.io.PrintStream;

/**
 * Console lines in the Logto CLI's wording ({@code [info] ...}): results to stdout, warnings and
 * errors to stderr, colour only on a terminal, every line passed through the {@link Redactor}.
 * With a {@code transcript} (the {@code --log-file}), every line is also logged there, uncoloured,
 * {@code --quiet} or not, so the log file tells the run as the console did.
 */
public final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean color;
  private final boolean quiet;
  private final java.util.function.Consumer<String> warnings;
  private final org.slf4j.Logger transcript;

  public Console(PrintStream out, PrintStream err, boolean color, boolean quiet) {
    this(out, err, color, quiet, w -> { });
  }

  /** A console that also hands every warning to {@code warnings} (for the JSON document). */
  public Console(PrintStream out, PrintStream err, boolean color, boolean quiet,
      java.util.function.Consumer<String> warnings) {
    this(out, err, color, quiet, warnings, null);
  }

  /** A console that also logs every line to {@code transcript} when it is not null. */
  public Console(PrintStream out, PrintStream err, boolean color, boolean quiet,
      java.util.function.Consumer<String> warnings, org.slf4j.Logger transcript) {
    this.out = out;
    this.err = err;
    this.color = color;
    this.quiet = quiet;
    this.warnings = warnings;
    this.transcript = transcript;
  }

  public void info(String message) {
    String line = Redactor.redact(message);
    if (!quiet) {
      out.println(paint("34;1", "[info]") + " " + line);
      out.flush();
    }
    if (transcript != null) {
      transcript.info("[info] {}", line);
    }
  }

  public void plain(String message) {
    String line = Redactor.redact(message);
    out.println(line);
    out.flush();
    if (transcript != null) {
      transcript.info("{}", line);
    }
  }

  public void warn(String message) {
    String line = Redactor.redact(message);
    warnings.accept(line);
    err.println(paint("33;1", "[warn]") + " " + line);
    err.flush();
    if (transcript != null) {
      transcript.warn("[warn] {}", line);
    }
  }

  public void error(String message) {
    String line = Redactor.redact(message);
    err.println(paint("31;1", "[error]") + " " + line);
    err.flush();
    if (transcript != null) {
      transcript.error("[error] {}", line);
    }
  }

  /** An indented continuation line of an error. */
  public void errorDetail(String message) {
    String line = Redactor.redact(message);
    err.println("        " + line);
    err.flush();
    if (transcript != null) {
      transcript.error("        {}", line);
    }
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
