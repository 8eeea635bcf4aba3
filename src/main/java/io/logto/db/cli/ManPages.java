package io.logto.db.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a roff man page for every command, from the same picocli model as --help, so the pages
 * cannot drift from the tool. Run at build time ({@code mvn package} writes target/man/*.1);
 * {@code scripts/install} installs them.
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args.length > 0 ? args[0] : "target/man");
    Files.createDirectories(directory);
    CommandLine root = CommandTree.full(new LogtoCommand(null));
    write(root, directory);
  }

  private static void write(CommandLine commandLine, Path directory) throws IOException {
    CommandSpec spec = commandLine.getCommandSpec();
    String name = spec.qualifiedName("-");
    Files.writeString(directory.resolve(name + ".1"), page(commandLine), StandardCharsets.UTF_8);
    for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
      if (sub.getKey().equals(sub.getValue().getCommandName())) {
        write(sub.getValue(), directory);
      }
    }
  }

  static String page(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    String name = spec.qualifiedName("-");
    StringBuilder roff = new StringBuilder();
    roff.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" 1 \"\" \"logto ")
        .append(io.logto.db.run.ToolVersion.get()).append("\" \"User Commands\"\n");
    roff.append(".SH NAME\n").append(escape(name)).append(" \\- ")
        .append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
    roff.append(".SH SYNOPSIS\n").append(escape(commandLine.getHelp().synopsis(0).strip().replaceAll("\\s+", " ")))
        .append('\n');
    List<String> aliases = List.of(spec.aliases());
    if (!aliases.isEmpty()) {
      roff.append(".PP\nAliases: ").append(escape(String.join(", ", aliases))).append('\n');
    }
    commands(roff, commandLine);
    arguments(roff, spec);
    options(roff, spec);
    roff.append(".SH EXIT STATUS\n");
    for (Map.Entry<String, String> code : spec.usageMessage().exitCodeList().entrySet()) {
      roff.append(".TP\n.B ").append(escape(code.getKey().strip())).append('\n').append(escape(code.getValue()))
          .append('\n');
    }
    roff.append(".SH SEE ALSO\nThe documentation in the docs/ folder of the logto repository.\n");
    return roff.toString();
  }

  /** The COMMANDS section: each subcommand (not its aliases) with its description and page. */
  private static void commands(StringBuilder roff, CommandLine commandLine) {
    if (!commandLine.getSubcommands().isEmpty()) {
      roff.append(".SH COMMANDS\n");
      for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
        if (sub.getKey().equals(sub.getValue().getCommandName())) {
          CommandSpec subSpec = sub.getValue().getCommandSpec();
          roff.append(".TP\n.B ").append(escape(sub.getKey())).append('\n')
              .append(escape(String.join(" ", subSpec.usageMessage().description()))).append(" See \\fB")
              .append(escape(subSpec.qualifiedName("-"))).append("\\fR(1).\n");
        }
      }
    }
  }

  private static void arguments(StringBuilder roff, CommandSpec spec) {
    if (!spec.positionalParameters().isEmpty()) {
      roff.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec parameter : spec.positionalParameters()) {
        roff.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n')
            .append(escape(String.join(" ", parameter.description()))).append('\n');
      }
    }
  }

  /** The OPTIONS section: every option that is not hidden, its parameter and its description. */
  private static void options(StringBuilder roff, CommandSpec spec) {
    roff.append(".SH OPTIONS\n");
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      roff.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
      if (option.arity().max() > 0) {
        roff.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
      }
      roff.append('\n').append(escape(Ansi.OFF.string(String.join(" ", option.description()))
          .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue())))).append('\n');
    }
  }

  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : escaped.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
    }
    return out.toString();
  }
}
