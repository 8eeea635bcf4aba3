package io.logto.db.cli;

import io.logto.db.alteration.Version;
import io.logto.db.plan.Target;
import io.logto.db.script.Authoring;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logto db alteration release <version>}: renames every next-… script to the version. */
@Command(name = "release", description = "Rename every next-... alteration to VERSION (run when tagging a release).")
final class ReleaseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VERSION", description = "The release, above every released version.")
  String version;

  @Option(names = "--alterations", paramLabel = "DIR", defaultValue = "alterations",
      description = "The alterations folder (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Override
  public Integer call() {
    Session session = Session.of(spec);
    Version release = Target.parseVersion(version);
    Map<String, String> renames = Authoring.release(session.environment.workingDirectory().resolve(directory), release);
    renames.forEach((from, to) -> session.console.info("Renamed " + from + " to " + to));
    session.console.info("Released " + Session.plural(renames.size(), "alteration") + " as " + release);
    return ExitCodes.OK;
  }
}
