package io.logto.db.script;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.JavaAlteration;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Java alterations found with {@link ServiceLoader}, turned into {@link Alteration}s. */
public final class JavaAlterations {
  private JavaAlterations() {}

  public static List<Alteration> load(ClassLoader loader) {
    List<Alteration> alterations = new ArrayList<>();
    try {
      for (JavaAlteration program : ServiceLoader.load(JavaAlteration.class, loader)) {
        alterations.add(toAlteration(program));
      }
    } catch (ServiceConfigurationError e) {
      throw LogtoException.usage("Cannot load a Java alteration: " + e.getMessage()
          + ". Check META-INF/services/" + JavaAlteration.class.getName() + " and that the class has a public"
          + " no-argument constructor.");
    }
    return alterations;
  }

  static Alteration toAlteration(JavaAlteration program) {
    String className = program.getClass().getName();
    String fileName = program.name() + ".sql";
    ScriptName name;
    try {
      name = ScriptName.parse(fileName);
    } catch (LogtoException e) {
      throw LogtoException.usage("Java alteration " + className + " has an invalid name '" + program.name()
          + "': use <version>-<timestamp>-<name>, e.g. 1.3.0-1700500100-add-email-domain.");
    }
    Section up = section(className, "up", program.revision());
    Optional<Section> down = program.reversible() ? Optional.of(section(className, "down", program.revision()))
        : Optional.empty();
    return new Alteration(program.name(), name.version(), name.timestamp(), name.name(), up, down,
        overrides(program, "beforeUp") ? Optional.of(section(className, "beforeUp", program.revision())) : Optional.empty(),
        overrides(program, "beforeDown") ? Optional.of(section(className, "beforeDown", program.revision())) : Optional.empty(),
        "class " + className, !program.reversible(), Optional.of(program));
  }

  /** A section standing for a Java method: its text names the method and revision (checksums use it). */
  private static Section section(String className, String method, String revision) {
    return new Section("-- java: " + className + "." + method + "(Connection), revision " + revision + "\n", 1);
  }

  private static boolean overrides(JavaAlteration program, String method) {
    try {
      return program.getClass().getMethod(method, java.sql.Connection.class).getDeclaringClass()
          != JavaAlteration.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
