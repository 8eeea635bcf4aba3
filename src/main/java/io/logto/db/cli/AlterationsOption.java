package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.script.AlterationDiscovery;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the alteration scripts come from: the class path, or {@code --alterations PATH}. */
public final class AlterationsOption {
  @Option(names = "--alterations", paramLabel = "PATH",
      description = "Read alteration scripts from this directory (or jar with alterations/) instead of the"
          + " ones logto ships.")
  Path path;

  List<Alteration> load(Environment environment) {
    if (path != null) {
      return AlterationDiscovery.fromPath(environment.workingDirectory().resolve(path));
    }
    return AlterationDiscovery.fromClasspath(AlterationsOption.class.getClassLoader());
  }
}
