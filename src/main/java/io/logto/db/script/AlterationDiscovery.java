package io.logto.db.script;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds alteration scripts: on the classpath under {@code alterations/} (in directories and in
 * jars), or at one path, a directory of scripts or a jar holding {@code alterations/}. Anything
 * under {@code alterations/} that is not a well-named script is an error, never skipped.
 */
public final class AlterationDiscovery {
  public static final String FOLDER = "alterations";

  private AlterationDiscovery() {}

  /** Scripts and Java alterations on the class path of {@code loader}, ordered by timestamp. */
  public static List<Alteration> fromClasspath(ClassLoader loader) {
    return toAlterations(readClasspath(loader), JavaAlterations.load(loader));
  }

  /** Scripts at {@code path}: a directory holding them or a jar with an {@code alterations/} folder. */
  public static List<Alteration> fromPath(Path path) {
    if (!Files.exists(path)) {
      throw LogtoException.usage("Alterations path " + path + " does not exist."
          + " Pass --alterations a directory of .sql scripts or a jar that holds alterations/.");
    }
    if (Files.isDirectory(path)) {
      return toAlterations(readDirectory(path));
    }
    List<ScriptFile> files = readJar(path);
    try {
      java.net.URLClassLoader jarLoader = new java.net.URLClassLoader(new URL[] {path.toUri().toURL()},
          AlterationDiscovery.class.getClassLoader());
      List<Alteration> java = JavaAlterations.load(jarLoader).stream()
          .filter(a -> a.location().startsWith("class ") && isFrom(jarLoader, a)).toList();
      return toAlterations(files, java);
    } catch (IOException e) {
      throw LogtoException.usage("Cannot load the Java alterations of " + path + ": " + ScriptText.reason(e)
          + ". Fix: pass --alterations a readable jar or a directory of .sql scripts.");
    }
  }

  private static boolean isFrom(ClassLoader jarLoader, Alteration alteration) {
    return alteration.program().map(p -> p.getClass().getClassLoader() == jarLoader).orElse(false);
  }

  /** Parses and orders raw files; rejects duplicate timestamps. */
  public static List<Alteration> toAlterations(List<ScriptFile> files) {
    return toAlterations(files, List.of());
  }

  /** Parses raw files, adds Java alterations, orders them all; rejects duplicate timestamps. */
  public static List<Alteration> toAlterations(List<ScriptFile> files, List<Alteration> javaAlterations) {
    List<Alteration> alterations = new ArrayList<>(files.size() + javaAlterations.size());
    alterations.addAll(javaAlterations);
    alterations.addAll(eachInOrder(files, file -> {
      ScriptName name = ScriptName.parse(file.fileName());
      SectionParser.Sections sections =
          file.sections().orElseGet(() -> SectionParser.parse(file.fileName(), file.content()));
      return new Alteration(file.fileName(), name.version(), name.timestamp(), name.name(),
          sections.up(), sections.down(), sections.beforeUp(), sections.beforeDown(), file.location(),
          sections.irreversible());
    }));
    alterations.sort(Comparator.comparing(Alteration::timestamp));
    for (int i = 1; i < alterations.size(); i++) {
      Alteration a = alterations.get(i - 1);
      Alteration b = alterations.get(i);
      if (a.timestamp().compareTo(b.timestamp()) == 0) {
        throw LogtoException.usage("Alterations " + a.fileName() + " and " + b.fileName()
            + " have the same timestamp " + a.timestamp().toPlainString()
            + ". Give one of them a new timestamp (timestamps order alterations and must be unique).");
      }
    }
    return List.copyOf(alterations);
  }

  private static List<ScriptFile> readClasspath(ClassLoader loader) {
    Set<String> seen = new LinkedHashSet<>();
    List<ScriptFile> files = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(FOLDER))) {
        if (!seen.add(url.toString())) {
          continue;
        }
        if (url.getProtocol().equals("file")) {
          files.addAll(readDirectory(Path.of(url.toURI())));
        } else if (url.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) url.openConnection();
          files.addAll(readJar(Path.of(connection.getJarFileURL().toURI())));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new LogtoException(io.logto.db.error.ErrorCode.USAGE,
          "Cannot read alterations from the class path: " + e.getMessage(), e);
    }
    return dedupe(files);
  }

  /** The same file reached twice (a jar listed twice) counts once; two different ones are an error. */
  private static List<ScriptFile> dedupe(List<ScriptFile> files) {
    Map<String, ScriptFile> byName = new HashMap<>();
    List<ScriptFile> unique = new ArrayList<>();
    for (ScriptFile file : files) {
      ScriptFile earlier = byName.putIfAbsent(file.fileName(), file);
      if (earlier == null) {
        unique.add(file);
      } else if (!earlier.content().equals(file.content())) {
        throw LogtoException.usage("Alteration " + file.fileName() + " is on the class path twice with"
            + " different content (" + earlier.location() + " and " + file.location()
            + "). Keep one copy.");
      }
    }
    return unique;
  }

  /**
   * The files of a directory, in name order. java.io rather than java.nio.file: in a fresh JVM,
   * listing and reading a thousand scripts through java.nio.file's layers took two to ten times as
   * long (measured: listing 30 ms against 3, reading 37 ms against 14, and a stat per file to find
   * subdirectories, which now only a file that cannot be opened pays).
   */
  static List<ScriptFile> readDirectory(Path directory) {
    File folder = directory.toFile();
    String[] listed = folder.list();
    if (listed == null) {
      throw LogtoException.usage("Cannot list the alterations folder " + directory + ": "
          + (Files.isReadable(directory) ? "the system refused (is it a folder?)" : "permission denied")
          + ". Fix: pass --alterations a folder the user running logto can read.");
    }
    Arrays.sort(listed);
    // a bad name fails when the file is parsed (toAlterations), naming the file and the pattern
    return eachInOrder(Arrays.asList(listed), fileName -> {
      File entry = new File(folder, fileName);
      try (FileInputStream in = new FileInputStream(entry)) {
        return new ScriptFile(fileName, entry.getPath(), ScriptText.decode(fileName, in.readAllBytes()));
      } catch (IOException e) {
        if (entry.isDirectory()) {
          throw unexpected(fileName + "/", directory.toString());
        }
        throw ScriptText.unreadable(entry.toPath(), e);
      }
    });
  }

  /** Below this many items the work runs on the calling thread: starting the pool's threads costs more. */
  private static final int PARALLEL_FROM = 200;

  /**
   * Applies {@code work} to every item, in parallel on the common pool for long lists (reading and
   * parsing thousands of scripts is most of a large history's start-up), keeping the order. When
   * items fail, the error of the first failing item in list order is thrown, as a sequential
   * loop would, so which problem is reported does not depend on thread timing.
   */
  static <T, R> List<R> eachInOrder(List<T> items, java.util.function.Function<T, R> work) {
    if (items.size() < PARALLEL_FROM) {
      List<R> results = new ArrayList<>(items.size());
      for (T item : items) {
        results.add(work.apply(item));
      }
      return results;
    }
    Object[] results = new Object[items.size()];
    RuntimeException[] failures = new RuntimeException[items.size()];
    java.util.stream.IntStream.range(0, items.size()).parallel().forEach(i -> {
      try {
        results[i] = work.apply(items.get(i));
      } catch (RuntimeException e) {
        failures[i] = e;
      }
    });
    List<R> ordered = new ArrayList<>(items.size());
    for (int i = 0; i < results.length; i++) {
      if (failures[i] != null) {
        throw failures[i];
      }
      @SuppressWarnings("unchecked")
      R result = (R) results[i];
      ordered.add(result);
    }
    return ordered;
  }

  /**
   * The scripts under {@code alterations/} in a jar. Those its {@link AlterationIndex} holds with
   * exactly the entry's bytes come from the index, already checked; the rest are read and parsed.
   */
  static List<ScriptFile> readJar(Path jar) {
    List<ScriptFile> files = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Map<String, AlterationIndex.Indexed> index = AlterationIndex.read(zip);
      // walked, not listed: a list would keep every entry of a large jar alive through the loop
      for (java.util.Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String entryName = entry.getName();
        if (!entryName.startsWith(FOLDER + "/") || entryName.equals(FOLDER + "/")) {
          continue;
        }
        String relative = entryName.substring(FOLDER.length() + 1);
        if (relative.contains("/")) {
          throw unexpected(relative, jar + "!/" + FOLDER);
        }
        AlterationIndex.Indexed indexed = index.get(relative);
        if (indexed != null && indexed.describes(entry)) {
          files.add(new ScriptFile(relative, jar + "!/" + entryName, indexed.content(),
              java.util.Optional.of(indexed.sections())));
          continue;
        }
        ScriptName.parse(relative);
        try (InputStream in = zip.getInputStream(entry)) {
          files.add(new ScriptFile(relative, jar + "!/" + entryName, ScriptText.decode(relative, contentOf(entry, in))));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw LogtoException.usage("Alterations path " + jar + " is neither a directory nor a readable jar ("
          + e.getMessage() + "). Pass --alterations a directory of .sql scripts or a jar that holds alterations/.");
    }
    return files;
  }

  /**
   * An entry's bytes, read into one array of the size the jar records for it: {@code readAllBytes}
   * would allocate an 8 KiB buffer per entry and copy out of it (80 MB of garbage for 10,000 scripts).
   */
  private static byte[] contentOf(ZipEntry entry, InputStream in) throws IOException {
    long size = entry.getSize();
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      return in.readAllBytes();
    }
    byte[] bytes = new byte[(int) size];
    int read = in.readNBytes(bytes, 0, bytes.length);
    if (read != bytes.length || in.read() != -1) {
      throw new java.util.zip.ZipException(
          "entry " + entry.getName() + " is not " + size + " bytes long as the jar says");
    }
    return bytes;
  }

  private static LogtoException unexpected(String name, String where) {
    return LogtoException.usage("Unexpected " + name + " in " + where
        + ": alterations must be files named " + ScriptName.PATTERN_HELP + ". Move it elsewhere.");
  }
}
