package io.logto.db.script;

import io.logto.db.alteration.LogtoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The build-time index of a jar's alteration scripts, {@value #ENTRY}: one line per script, its
 * file name and the SHA-256 of its bytes. With it, discovery reads the scripts it names straight
 * from the jar instead of walking every entry (the runnable jar holds thousands); each script's
 * bytes are checked against the index, so a jar changed after its build is refused, not
 * half-read. The build writes it ({@code mvn process-classes} runs {@link #main}); a jar without
 * one is scanned. Directories are always listed: an index there could be stale during development.
 */
public final class AlterationIndex {
  public static final String ENTRY = "META-INF/logto/alterations.idx";
  private static final String HEADER = "# logto alteration index 1: file name <TAB> SHA-256 of its bytes";

  /** One indexed script. */
  public record Item(String fileName, String sha256) {}

  private AlterationIndex() {}

  /** Writes the index of {@code classes/alterations} to {@code classes/}{@value #ENTRY}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: AlterationIndex CLASSES_DIRECTORY");
    }
    Path classes = Path.of(args[0]);
    Path folder = classes.resolve(AlterationDiscovery.FOLDER);
    Path index = classes.resolve(ENTRY);
    if (!Files.isDirectory(folder)) {
      Files.deleteIfExists(index);
      return;
    }
    List<Item> items = new ArrayList<>();
    for (ScriptFile file : AlterationDiscovery.readDirectory(folder)) {
      SectionParser.parse(file.fileName(), file.content()); // an invalid script fails the build
      items.add(new Item(file.fileName(), Checksums.sha256(Files.readAllBytes(folder.resolve(file.fileName())))));
    }
    Files.createDirectories(index.getParent());
    Files.writeString(index, format(items), StandardCharsets.UTF_8);
  }

  static String format(List<Item> items) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Item item : items) {
      text.append(item.fileName()).append('\t').append(item.sha256()).append('\n');
    }
    return text.toString();
  }

  static List<Item> parse(String text, String where) {
    List<Item> items = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0 || line.indexOf('\t', tab + 1) >= 0 || line.length() - tab - 1 != 64) {
        throw stale(where, "its line '" + line + "' is not a file name and a SHA-256");
      }
      items.add(new Item(line.substring(0, tab), line.substring(tab + 1)));
    }
    return items;
  }

  /** The scripts a jar's index names, read and checked; empty when the jar has no index. */
  static java.util.Optional<List<ScriptFile>> read(ZipFile zip, Path jar) throws IOException {
    ZipEntry indexEntry = zip.getEntry(ENTRY);
    if (indexEntry == null) {
      return java.util.Optional.empty();
    }
    String where = jar + "!/" + ENTRY;
    List<Item> items;
    try (InputStream in = zip.getInputStream(indexEntry)) {
      items = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), where);
    }
    List<ScriptFile> files = new ArrayList<>(items.size());
    for (Item item : items) {
      ScriptName.parse(item.fileName());
      String entryName = AlterationDiscovery.FOLDER + "/" + item.fileName();
      ZipEntry entry = zip.getEntry(entryName);
      if (entry == null) {
        throw stale(where, "it names " + item.fileName() + ", which the jar does not hold");
      }
      byte[] bytes;
      try (InputStream in = zip.getInputStream(entry)) {
        bytes = in.readAllBytes();
      }
      if (!Checksums.sha256(bytes).equals(item.sha256())) {
        throw stale(where, item.fileName() + " differs from the script it indexed");
      }
      files.add(new ScriptFile(item.fileName(), jar + "!/" + entryName, new String(bytes, StandardCharsets.UTF_8)));
    }
    return java.util.Optional.of(files);
  }

  private static LogtoException stale(String where, String problem) {
    return LogtoException.usage("The alteration index " + where + " does not match the jar: " + problem
        + ". Rebuild the jar (mvn package writes the index), or delete " + ENTRY + " from it to have it scanned.");
  }
}
