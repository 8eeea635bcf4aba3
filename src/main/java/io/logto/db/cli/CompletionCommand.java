package io.logto.db.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code logto generate-completion}: the bash and zsh completion script, generated from the command
 * model. picocli's own {@code GenerateCompletion} does the same, but brings its own help and version
 * options, which would clash with the ones every logto command inherits ({@code -v} as the Logto CLI).
 */
@Command(name = "generate-completion", helpCommand = true, description = {
    "Print the bash/zsh completion script of logto. For the current shell: source <(logto generate-completion)"})
final class CompletionCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    out.print('\n'); // not println: a script with Windows line separators fails in bash
    out.flush();
  }
}
