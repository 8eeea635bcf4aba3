package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.script.AlterationDiscovery;
import io.logto.db.script.JavaAlterations;
import io.logto.db.script.ScriptFile;
import io.logto.db.script.ScriptName;
import io.logto.db.script.ScriptText;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads alteration files from the same places as {@link AlterationDiscovery} (a directory, a jar
 * holding {@code alterations/}, the class path), but leniently: an entry that discovery would
 * reject (a sub-directory, a file that is not UTF-8, two different files of one name) becomes a
 * {@link Problem} and reading goes on, so the static check can list every problem at once.
 */
final class ScriptSource {
  /** The files read, the Java alterations found, and the problems met while reading. */
  record Contents(List<ScriptFile> files, List<Alteration> javaAlterations, List<Problem> problems) {}

  private final Map<String, ScriptFile> files = new LinkedHashMap<>();
  private final List<Alteration> javaAlterations = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  private ScriptSource() {}

  /** A directory of scripts or a jar with an {@code alterations/} folder (and its Java alterations). */
  static Contents fromPath(Path path) {
    if (!Files.exists(path)) {
      throw LogtoException.usage("Alterations path " + path + " does not exist."
          + " Pass --alterations a directory of .sql scripts or a jar that holds alterations/.");
    }
    ScriptSource source = new ScriptSource();
    if (Files.isDirectory(path)) {
      source.readDirectory(path);
    } else {
      source.readJar(path);
      source.readJavaFromJar(path);
    }
    return source.contents();
  }

  /** The scripts and Java alterations on the class path of {@code loader}: the ones logto ships. */
  static Contents fromClasspath(ClassLoader loader) {
    ScriptSource source = new ScriptSource();
    Set<String> seen = new LinkedHashSet<>();
    try {
      for (URL url : Collections.list(loader.getResources(AlterationDiscovery.FOLDER))) {
        if (!seen.add(url.toString())) {
          continue;
        }
        if (url.getProtocol().equals("file")) {
          source.readDirectory(Path.of(url.toURI()));
        } else if (url.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) url.openConnection();
          source.readJar(Path.of(connection.getJarFileURL().toURI()));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw LogtoException.usage("Cannot read alterations from the class path: " + e.getMessage());
    }
    source.readJava(loader);
    return source.contents();
  }

  private Contents contents() {
    return new Contents(List.copyOf(files.values()), List.copyOf(javaAlterations), List.copyOf(problems));
  }

  private void readDirectory(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          problem(name + "/", "is a directory inside the alterations folder: alterations must be files named "
              + ScriptName.PATTERN_HELP + ". Move it elsewhere");
        } else {
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(entry);
          } catch (IOException e) {
            problem(name, ScriptText.unreadable(entry, e).getMessage());
            continue;
          }
          add(name, entry.toString(), bytes);
        }
      }
    } catch (IOException e) {
      throw LogtoException.usage("Cannot read the alterations directory " + directory + ": " + e.getMessage());
    }
  }

  private void readJar(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String entryName = entry.getName();
        String prefix = AlterationDiscovery.FOLDER + "/";
        if (!entryName.startsWith(prefix) || entryName.equals(prefix)) {
          continue;
        }
        String relative = entryName.substring(prefix.length());
        if (relative.contains("/")) {
          String top = relative.substring(0, relative.indexOf('/') + 1);
          if (relative.equals(top)) {
            problem(top, "is a directory inside " + jar + "!/" + prefix + ": alterations must be files named "
                + ScriptName.PATTERN_HELP + ". Move it elsewhere");
          }
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          add(relative, jar + "!/" + entryName, in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw LogtoException.usage("Alterations path " + jar + " is neither a directory nor a readable jar ("
          + e.getMessage() + "). Pass --alterations a directory of .sql scripts or a jar that holds alterations/.");
    }
  }

  /** The Java alterations of the jar itself (not those of the class path); the loader stays open for them. */
  private void readJavaFromJar(Path jar) {
    try {
      URLClassLoader jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ScriptSource.class.getClassLoader());
      javaAlterations.addAll(JavaAlterations.load(jarLoader).stream()
          .filter(a -> a.program().map(p -> p.getClass().getClassLoader() == jarLoader).orElse(false))
          .toList());
    } catch (IOException e) {
      problem("Java alterations", "cannot be loaded from " + jar + ": " + ScriptText.reason(e)
          + ". Pass --alterations a readable jar");
    } catch (LogtoException e) {
      problem("Java alterations", e.getMessage());
    }
  }

  private void readJava(ClassLoader loader) {
    try {
      javaAlterations.addAll(JavaAlterations.load(loader));
    } catch (LogtoException e) {
      problem("Java alterations", e.getMessage());
    }
  }

  private void add(String name, String location, byte[] bytes) {
    String content = new String(bytes, StandardCharsets.UTF_8);
    ScriptText.Problem wrong = ScriptText.problem(bytes, content);
    if (wrong != null) {
      problem(name, wrong.problem() + ". " + Character.toUpperCase(wrong.fix().charAt(0)) + wrong.fix().substring(1));
      return;
    }
    ScriptFile earlier = files.putIfAbsent(name, new ScriptFile(name, location, content));
    if (earlier != null && !earlier.content().equals(content)) {
      problem(name, "is on the class path twice with different content (" + earlier.location() + " and "
          + location + "). Keep one copy");
    }
  }

  private void problem(String object, String message) {
    problems.add(new Problem(Problem.STATIC, object, message));
  }
}
