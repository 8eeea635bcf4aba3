package io.logto.db.script;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Writing alteration files: a new {@code next-…} script, and the release rename of {@code next-…} scripts. */
public final class Authoring {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

  private Authoring() {}

  /**
   * Writes {@code next-<timestamp>-<name>.sql} into {@code directory}, with a timestamp of now or,
   * when an existing script is newer, one above it.
   */
  public static Path newScript(Path directory, String name, long nowSeconds) {
    if (!NAME.matcher(name).matches()) {
      throw LogtoException.usage("Invalid alteration name '" + name + "': use lower-case words joined by '-',"
          + " for example add-user-locale.");
    }
    long timestamp = nowSeconds;
    for (BigDecimal existing : timestampsOf(directory)) {
      timestamp = Math.max(timestamp, existing.setScale(0, RoundingMode.FLOOR).longValueExact() + 1);
    }
    Path file = directory.resolve("next-" + timestamp + "-" + name + ".sql");
    String text = "-- " + name + ": say what this alteration changes and why.\n"
        + "-- alteration:up\n"
        + "-- The SQL that applies the change. It runs in one transaction together with the state update,\n"
        + "-- so a failure changes nothing. (Statements that cannot run in a transaction, such as\n"
        + "-- CREATE INDEX CONCURRENTLY, go in a '-- alteration:before-up' section and must be re-runnable.)\n"
        + "\n"
        + "-- alteration:down\n"
        + "-- The SQL that reverts exactly what up did: after it, the schema equals the one before up.\n"
        + "\n";
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw LogtoException.usage("Cannot create the alterations folder " + directory + ": "
          + ScriptText.reason(e, directory) + ". Fix: pass --alterations a folder the user running logto can write,"
          + " or create it first.");
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LogtoException.usage("Cannot write the new alteration " + file + ": " + ScriptText.reason(e, file)
          + ". Fix: pass --alterations a folder the user running logto can write.");
    }
    return file;
  }

  /** Timestamps of the well-named scripts in {@code directory}, from file names only (a half-written script is fine). */
  private static List<BigDecimal> timestampsOf(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (var files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).filter(ScriptName::isValid)
          .map(name -> ScriptName.parse(name).timestamp()).toList();
    } catch (IOException e) {
      throw LogtoException.usage("Cannot list the alterations folder " + directory + ": "
          + ScriptText.reason(e, directory) + ". Fix: pass --alterations a folder the user running logto can read.");
    }
  }

  /** Renames every {@code next-…} script of {@code directory} to {@code version}; returns old → new names. */
  public static Map<String, String> release(Path directory, Version version) {
    if (!Files.isDirectory(directory)) {
      throw LogtoException.usage("Alterations directory " + directory + " does not exist. Pass --alterations DIR.");
    }
    List<Alteration> all = AlterationDiscovery.fromPath(directory);
    Optional<Version> newest = all.stream().flatMap(a -> a.version().release().stream()).max(Version::compareTo);
    if (newest.isPresent() && version.compareTo(newest.get()) <= 0) {
      throw LogtoException.usage("Cannot release " + version + ": it is not above the newest released version "
          + newest.get() + ". Choose a higher version.");
    }
    List<Alteration> next = all.stream().filter(a -> a.version().isNext()).toList();
    if (next.isEmpty()) {
      throw LogtoException.usage("Nothing to release: " + directory + " has no next-... alteration."
          + " Write one with `logto db alteration new <name>` first.");
    }
    Map<String, String> renames = new LinkedHashMap<>();
    String prefix = version.toString().replace('-', '_');
    for (Alteration alteration : next) {
      renames.put(alteration.fileName(), prefix + alteration.fileName().substring("next".length()));
    }
    List<Path> moved = new ArrayList<>();
    for (Map.Entry<String, String> rename : renames.entrySet()) {
      Path target = directory.resolve(rename.getValue());
      if (Files.exists(target)) {
        throw LogtoException.usage("Cannot release: " + target + " exists already. Remove it first.");
      }
      try {
        Files.move(directory.resolve(rename.getKey()), target);
      } catch (IOException e) {
        throw LogtoException.usage("Cannot rename " + directory.resolve(rename.getKey()) + " to " + rename.getValue()
            + ": " + ScriptText.reason(e, directory.resolve(rename.getKey())) + (moved.isEmpty()
            ? ". Fix: let the user running logto write the folder, then run the same command again."
            : " (" + moved.size() + " renamed before it). Fix: let the user running logto write the folder, then"
            + " rename the remaining next-... scripts to " + prefix + "-... by hand, as those were."));
      }
      moved.add(target);
    }
    return renames;
  }
}
