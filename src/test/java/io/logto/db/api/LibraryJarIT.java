package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two jars the build makes: the library jar ({@code -Dlogto.library.jar}, what a product
 * depends on) holds the library only, and the runnable {@code -all} jar ({@code -Dlogto.jar})
 * still holds everything the build compiled, the command line and the shipped history included.
 */
class LibraryJarIT {
  /** What the command line alone needs: never in the library jar (pom.xml: command.line.only). */
  private static final List<String> COMMAND_LINE_ONLY = List.of("io/logto/db/cli/", "io/logto/db/check/",
      "io/logto/db/diff/", "io/logto/db/history/", "picocli/", "alterations/", "META-INF/logto/",
      "META-INF/services/", "META-INF/native-image/");

  /** Libraries a product does not get from the library (optional dependencies), as class name prefixes. */
  private static final Pattern OPTIONAL_LIBRARY = Pattern.compile(
      "(picocli|org/jline|ch/qos/logback|com/zaxxer/hikari|io/zonky|com/fasterxml/jackson/databind)/");

  private static final Pattern OWN_CLASS = Pattern.compile("io/logto/db/[A-Za-z0-9_/$]+");
  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([A-Za-z0-9_/$]+);");

  private static Path library;
  private static Path runnable;

  @BeforeAll
  static void jars() {
    String libraryJar = System.getProperty("logto.library.jar");
    String allJar = System.getProperty("logto.jar");
    assumeTrue(libraryJar != null && allJar != null, "needs -Dlogto.library.jar and -Dlogto.jar: run by failsafe");
    library = Path.of(libraryJar);
    runnable = Path.of(allJar);
  }

  @Test
  void theLibraryJarHoldsNoCommandLineNoHistoryAndNoServiceFile() throws IOException {
    List<String> entries = entries(library);
    assertThat(entries).contains("io/logto/db/api/Logto.class", "io/logto/db/run/AlterationRunner.class",
        "io/logto/db/version.properties");
    assertThat(entries).noneMatch(name -> COMMAND_LINE_ONLY.stream().anyMatch(name::startsWith));
  }

  /**
   * Every class the library API can reach, following the class references in the class files from
   * {@code api.Logto}, is in the library jar and names no optional library: a product with only the
   * library's own dependencies can load whatever {@code Logto} calls.
   */
  @Test
  void whatTheLibraryApiReachesIsInTheLibraryJarAndNeedsNoOptionalDependency() throws IOException {
    Map<String, List<String>> references = new HashMap<>();
    try (ZipFile zip = new ZipFile(library.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = zip.getInputStream(entry)) {
            references.put(entry.getName().replace(".class", ""), classNames(in.readAllBytes()));
          }
        }
      }
    }
    Set<String> reached = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of("io/logto/db/api/Logto", "io/logto/db/api/Logto$Builder"));
    List<String> problems = new ArrayList<>();
    while (!queue.isEmpty()) {
      String name = queue.pop();
      if (!reached.add(name)) {
        continue;
      }
      List<String> names = references.get(name);
      if (names == null) {
        problems.add(name + " is not in the library jar");
        continue;
      }
      for (String referenced : names) {
        if (OPTIONAL_LIBRARY.matcher(referenced).lookingAt()) {
          problems.add(name + " uses " + referenced);
        } else if (OWN_CLASS.matcher(referenced).matches()) {
          queue.add(referenced);
        }
      }
    }
    assertThat(reached).hasSizeGreaterThan(20);
    assertThat(problems).as("classes reached from api.Logto").isEmpty();
  }

  @Test
  void theRunnableJarHoldsEverythingTheBuildCompiledAndTheShippedHistory() throws IOException {
    Path classes = Path.of(System.getProperty("logto.classes"));
    List<String> missing = new ArrayList<>();
    try (ZipFile zip = new ZipFile(runnable.toFile()); Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || (!name.startsWith("META-INF/services/") && entry.getCrc() != crc(file))) {
          missing.add(name);
        }
      }
      assertThat(missing).as("files of %s missing from (or different in) %s", classes, runnable).isEmpty();
      assertThat(read(zip, "META-INF/services/ch.qos.logback.classic.spi.Configurator"))
          .contains("io.logto.db.cli.LoggingConfigurator");
      assertThat(read(zip, "META-INF/services/io.logto.db.alteration.JavaAlteration"))
          .contains("io.logto.db.history.AddUserEmailDomain");
      assertThat(zip.getEntry("META-INF/logto/alterations.index")).isNotNull();
      assertThat(zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("alterations/") && n.endsWith(".sql")))
          .isNotEmpty();
    }
  }

  /** The class names a class file refers to: its constant pool's class entries and descriptors. */
  static List<String> classNames(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.skipBytes(8); // magic, minor and major version
    int count = in.readUnsignedShort();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> {
          // a Utf8 entry: a class name (Class entries point here) or a descriptor (Lpkg/Name;)
          String text = in.readUTF();
          Matcher descriptor = DESCRIPTOR_CLASS.matcher(text);
          boolean any = false;
          while (descriptor.find()) {
            names.add(descriptor.group(1));
            any = true;
          }
          if (!any && text.indexOf('/') > 0 && text.matches("[A-Za-z0-9_/$]+")) {
            names.add(text);
          }
        }
        case 3, 4 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // a long or double takes two entries
        }
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 15 -> in.skipBytes(3);
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return names;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().map(ZipEntry::getName).toList();
    }
  }

  private static String read(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long crc(Path file) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    return crc.getValue();
  }
}
