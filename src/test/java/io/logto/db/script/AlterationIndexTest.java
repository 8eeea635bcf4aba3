package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlterationIndexTest {
  private static final String A = "1.0.0-1700000000-a.sql";
  private static final String B = "1.1.0-1700000100-b.sql";
  private static final String SCRIPT = "-- alteration:up\ncreate table %s (id int);\n-- alteration:down\ndrop table %s;\n";

  @TempDir
  Path tmp;

  /** A classes directory with two scripts, indexed the way the build does it. */
  private Path indexedClasses() throws IOException {
    Path classes = tmp.resolve("classes");
    Path folder = Files.createDirectories(classes.resolve("alterations"));
    Files.writeString(folder.resolve(A), SCRIPT.formatted("a", "a"));
    Files.writeString(folder.resolve(B), SCRIPT.formatted("b", "b"));
    AlterationIndex.main(new String[] {classes.toString()});
    return classes;
  }

  private Path jar(Map<String, String> entries) throws IOException {
    Path jar = tmp.resolve("product.jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  private Map<String, String> entriesOf(Path classes) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("io/example/Thing.class", "not really a class");
    entries.put(AlterationIndex.ENTRY, Files.readString(classes.resolve(AlterationIndex.ENTRY)));
    entries.put("alterations/" + A, Files.readString(classes.resolve("alterations/" + A)));
    entries.put("alterations/" + B, Files.readString(classes.resolve("alterations/" + B)));
    return entries;
  }

  private static String crc(String text) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  @Test
  void theBuildWritesOneLinePerScriptWithItsChecksum() throws IOException {
    Path classes = indexedClasses();
    List<String> lines = Files.readAllLines(classes.resolve(AlterationIndex.ENTRY));
    assertThat(lines.get(0)).startsWith("# logto alteration index");
    assertThat(lines.subList(1, lines.size())).containsExactly(
        A + "\t" + crc(SCRIPT.formatted("a", "a")), B + "\t" + crc(SCRIPT.formatted("b", "b")));
  }

  @Test
  void aJarIsReadThroughItsIndexLikeTheDirectory() throws IOException {
    Path classes = indexedClasses();
    List<Alteration> fromJar = AlterationDiscovery.fromPath(jar(entriesOf(classes)));
    List<Alteration> fromDirectory = AlterationDiscovery.fromPath(classes.resolve("alterations"));
    assertThat(fromJar).extracting(Alteration::fileName).containsExactly(A, B);
    assertThat(fromJar).extracting(Alteration::up).isEqualTo(fromDirectory.stream().map(Alteration::up).toList());
    assertThat(fromJar.get(0).location()).endsWith("product.jar!/alterations/" + A);
  }

  @Test
  void aScriptChangedAfterTheBuildIsRefused() throws IOException {
    Map<String, String> entries = entriesOf(indexedClasses());
    entries.put("alterations/" + B, SCRIPT.formatted("b2", "b2"));
    Path jar = jar(entries);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("alteration index " + jar + "!/" + AlterationIndex.ENTRY + " does not match the jar")
        .hasMessageContaining(B + " differs from the script it indexed")
        .hasMessageContaining("Rebuild the jar");
  }

  @Test
  void anIndexedScriptMissingFromTheJarIsRefused() throws IOException {
    Map<String, String> entries = entriesOf(indexedClasses());
    entries.remove("alterations/" + A);
    Path jar = jar(entries);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .hasMessageContaining("it names " + A + ", which the jar does not hold");
  }

  @Test
  void aMalformedIndexIsRefused() throws IOException {
    Map<String, String> entries = entriesOf(indexedClasses());
    entries.put(AlterationIndex.ENTRY, A + "\n");
    Path jar = jar(entries);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .hasMessageContaining("its line '" + A + "' is not a file name and a CRC-32");
  }

  @Test
  void aJarWithoutAnIndexIsScanned() throws IOException {
    Map<String, String> entries = entriesOf(indexedClasses());
    entries.remove(AlterationIndex.ENTRY);
    assertThat(AlterationDiscovery.fromPath(jar(entries))).extracting(Alteration::fileName).containsExactly(A, B);
  }

  @Test
  void anInvalidScriptFailsTheBuild() throws IOException {
    Path classes = tmp.resolve("broken");
    Files.createDirectories(classes.resolve("alterations"));
    Files.writeString(classes.resolve("alterations/" + A), "create table a (id int);\n");
    assertThatThrownBy(() -> AlterationIndex.main(new String[] {classes.toString()}))
        .isInstanceOf(LogtoException.class).hasMessageContaining("Alteration " + A + " is invalid");
    assertThat(classes.resolve(AlterationIndex.ENTRY)).doesNotExist();
  }

  @Test
  void theShippedJarOnTheClassPathHasNoStaleIndex() {
    // target/classes holds the index the build wrote; discovery on the class path reads directories
    // by listing them, and the index must agree with what it lists
    Path classes = Path.of("target/classes");
    if (Files.exists(classes.resolve(AlterationIndex.ENTRY))) {
      List<String> indexed = AlterationIndex.parse(readUnchecked(classes.resolve(AlterationIndex.ENTRY)), "test")
          .stream().map(AlterationIndex.Item::fileName).toList();
      assertThat(indexed).containsExactlyElementsOf(AlterationDiscovery.fromPath(classes.resolve("alterations"))
          .stream().filter(a -> !a.isJava()).map(Alteration::fileName).sorted().toList());
    }
  }

  private static String readUnchecked(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
