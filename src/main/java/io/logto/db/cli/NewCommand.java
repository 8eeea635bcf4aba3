package io.logto.db.cli;

import io.logto.db.script.Authoring;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logto db alteration new <name>}: writes a new unreleased alteration script. */
@Command(name = "new", description = "Write alterations/next-<now>-<name>.sql with both sections to fill in.")
final class NewCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case words joined by '-', e.g. add-user-locale.")
  String name;

  @Option(names = "--alterations", paramLabel = "DIR", defaultValue = "alterations",
      description = "The alterations folder (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Path file = Authoring.newScript(session.environment.workingDirectory().resolve(directory), name,
        Instant.now().getEpochSecond());
    session.console.info("Created " + session.environment.workingDirectory().relativize(file)
        + ": fill in its up and down sections");
    return ExitCodes.OK;
  }
}
