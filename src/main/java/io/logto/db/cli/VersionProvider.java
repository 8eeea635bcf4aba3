package io.logto.db.cli;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.script.AlterationDiscovery;
import java.util.List;

/**
 * {@code --version}: the tool's version, the newest alteration version it ships, and Java's. Not a
 * picocli version provider (see {@link LogtoCommand}); implementing picocli's interface would also
 * keep the class out of the class-data sharing archive (picocli's classes are Java 5 class files).
 */
final class VersionProvider {
  String[] getVersion() {
    return new String[] {"logto " + toolVersion(), "alterations: " + newestAlteration(),
        "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }

  static String toolVersion() {
    return io.logto.db.run.ToolVersion.get();
  }

  private static String newestAlteration() {
    try {
      List<Alteration> alterations = AlterationDiscovery.fromClasspath(VersionProvider.class.getClassLoader());
      if (alterations.isEmpty()) {
        return "none";
      }
      String released = alterations.stream().flatMap(a -> a.version().release().stream())
          .max(Comparable::compareTo).map(v -> v.toString()).orElse("none released");
      long unreleased = alterations.stream().filter(a -> a.version().isNext()).count();
      return released + " (" + alterations.size() + " alterations"
          + (unreleased > 0 ? ", " + unreleased + " unreleased next" : "") + ")";
    } catch (LogtoException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }
}
