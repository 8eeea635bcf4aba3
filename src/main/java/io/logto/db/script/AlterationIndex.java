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
 * file name and the CRC-32 of its bytes. With it, discovery reads the scripts it names straight
 * from the jar instead of walking every entry (the runnable jar holds thousands); each script's
 * CRC-32 in the jar's own directory is compared with the index (no hashing, no security provider
 * to load: this runs on every start), so a jar changed after its build is refused, not
 * half-read. The build writes it ({@code mvn process-classes} runs {@link #main}); a jar without
 * one is scanned. Directories are always listed: an index there could be stale during development.
 */
public final class AlterationIndex {
  public static final String ENTRY = "META-INF/logto/alterations.idx";
  private static final String HEADER = "# logto alteration index 2: file name <TAB> CRC-32 of its bytes (hex)";

  /** One indexed script. */
  public record Item(String fileName, long crc32) {}

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
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(Files.readAllBytes(folder.resolve(file.fileName())));
      items.add(new Item(file.fileName(), crc.getValue()));
    }
    Files.createDirectories(index.getParent());
    Files.writeString(index, format(items), StandardCharsets.UTF_8);
  }

  static String format(List<Item> items) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Item item : items) {
      text.append(item.fileName()).append('\t').append(String.format("%08x", item.crc32())).append('\n');
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
      if (tab <= 0 || line.indexOf('\t', tab + 1) >= 0 || line.length() - tab - 1 != 8) {
        throw stale(where, "its line '" + line + "' is not a file name and a CRC-32");
      }
      try {
        items.add(new Item(line.substring(0, tab), Long.parseLong(line, tab + 1, line.length(), 16)));
      } catch (NumberFormatException e) {
        throw stale(where, "its line '" + line + "' is not a file name and a CRC-32");
      }
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
    // read in parallel for long lists (ZipFile serves concurrent readers)
    return java.util.Optional.of(AlterationDiscovery.eachInOrder(items, item -> {
      String entryName = AlterationDiscovery.FOLDER + "/" + item.fileName();
      ZipEntry entry = zip.getEntry(entryName);
      if (entry == null) {
        throw stale(where, "it names " + item.fileName() + ", which the jar does not hold");
      }
      if (entry.getCrc() != item.crc32()) {
        throw stale(where, item.fileName() + " differs from the script it indexed");
      }
      byte[] bytes;
      try (InputStream in = zip.getInputStream(entry)) {
        bytes = in.readAllBytes(); // the zip reader checks the bytes against that CRC-32
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new ScriptFile(item.fileName(), jar + "!/" + entryName, new String(bytes, StandardCharsets.UTF_8));
    }));
  }

  private static LogtoException stale(String where, String problem) {
    return LogtoException.usage("The alteration index " + where + " does not match the jar: " + problem
        + ". Rebuild the jar (mvn package writes the index), or delete " + ENTRY + " from it to have it scanned.");
  }
}
