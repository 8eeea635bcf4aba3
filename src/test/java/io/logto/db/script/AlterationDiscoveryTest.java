package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlterationDiscoveryTest {
  private static final String UP_DOWN = "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n";

  @TempDir
  Path tmp;

  private static ScriptFile file(String name) {
    return new ScriptFile(name, "test:" + name, UP_DOWN);
  }

  private static Consumer<Throwable> usage() {
    return e -> assertThat(((LogtoException) e).code()).isEqualTo(ErrorCode.USAGE);
  }

  private Path write(Path dir, String name, String content) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Path jar(String name, Map<String, String> entries) throws IOException {
    Path jar = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        if (e.getValue() != null) {
          zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  // ---- toAlterations ----

  /** Long histories are read and parsed in parallel; the result and the error reported stay those of a loop. */
  @Test
  void aLongHistoryIsOrderedAndReportsItsFirstBrokenScript() throws IOException {
    Path dir = tmp.resolve("many");
    for (int i = 1; i <= 600; i++) {
      write(dir, "1.0.0-" + (1700000000 + i) + "-t" + i + ".sql", UP_DOWN);
    }
    List<Alteration> alterations = AlterationDiscovery.fromPath(dir);
    assertThat(alterations).hasSize(600);
    assertThat(alterations).extracting(Alteration::timestamp).isSorted();
    for (int broken : new int[] {555, 321, 480}) {
      write(dir, "1.0.0-" + (1700000000 + broken) + "-t" + broken + ".sql", "-- alteration:up\nselect 'x;\n");
    }
    for (int run = 0; run < 5; run++) {
      assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir)).satisfies(usage())
          .hasMessageStartingWith("Alteration 1.0.0-1700000321-t321.sql is invalid");
    }
  }

  @Test
  void ordersByTimestampIncludingFractions() {
    List<Alteration> alterations = AlterationDiscovery.toAlterations(List.of(
        file("1.0.1-1663923771-c.sql"),
        file("next-1663923769-z.sql"),
        file("1.0.0-1663923770.1-b.sql"),
        file("1.0.0-1663923770-a.sql")));
    assertThat(alterations).extracting(Alteration::fileName).containsExactly(
        "next-1663923769-z.sql", "1.0.0-1663923770-a.sql", "1.0.0-1663923770.1-b.sql", "1.0.1-1663923771-c.sql");
    assertThat(alterations).extracting(Alteration::timestamp).containsExactly(
        new BigDecimal("1663923769"), new BigDecimal("1663923770"), new BigDecimal("1663923770.1"),
        new BigDecimal("1663923771"));
  }

  @Test
  void buildsAlterationFromNameAndSections() {
    ScriptFile f = new ScriptFile("1.0.0_beta.10-1700000000-add-x.sql", "somewhere/1.0.0_beta.10-1700000000-add-x.sql",
        "-- alteration:before-up\ncreate index concurrently i on t (x);\n-- alteration:up\nalter table t add x int;\n");
    Alteration a = AlterationDiscovery.toAlterations(List.of(f)).get(0);
    assertThat(a.fileName()).isEqualTo("1.0.0_beta.10-1700000000-add-x.sql");
    assertThat(a.version()).isEqualTo(AlterationVersion.of(Version.parse("1.0.0-beta.10")));
    assertThat(a.timestamp()).isEqualTo(new BigDecimal("1700000000"));
    assertThat(a.name()).isEqualTo("add-x");
    assertThat(a.up().sql()).isEqualTo("alter table t add x int;\n");
    assertThat(a.up().firstLine()).isEqualTo(4);
    assertThat(a.down()).isEmpty();
    assertThat(a.isReversible()).isFalse();
    assertThat(a.beforeUp()).isPresent();
    assertThat(a.location()).isEqualTo("somewhere/1.0.0_beta.10-1700000000-add-x.sql");
  }

  @Test
  void duplicateTimestampsNameBothFiles() {
    assertThatThrownBy(() -> AlterationDiscovery.toAlterations(List.of(
        file("1.0.0-1663923770-a.sql"), file("1.0.1-1663923771-b.sql"), file("1.1.0-1663923770-c.sql"))))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("1.0.0-1663923770-a.sql")
        .hasMessageContaining("1.1.0-1663923770-c.sql")
        .hasMessageContaining("same timestamp 1663923770")
        .hasMessageNotContaining("1.0.1-1663923771-b.sql");
  }

  @Test
  void numericallyEqualTimestampsAreDuplicates() {
    assertThatThrownBy(() -> AlterationDiscovery.toAlterations(List.of(
        file("1.0.0-1663923770.1-a.sql"), file("1.0.0-1663923770.10-b.sql"))))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("1.0.0-1663923770.1-a.sql")
        .hasMessageContaining("1.0.0-1663923770.10-b.sql");
  }

  @Test
  void badFileNameOrContentFails() {
    assertThatThrownBy(() -> AlterationDiscovery.toAlterations(List.of(file("notes.txt"))))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept).hasMessageContaining("notes.txt");
    assertThatThrownBy(() -> AlterationDiscovery.toAlterations(
        List.of(new ScriptFile("1.0.0-1-x.sql", "here", "select 1;"))))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("1.0.0-1-x.sql").hasMessageContaining("no '-- alteration:up' marker");
  }

  @Test
  void emptyListGivesEmptyList() {
    assertThat(AlterationDiscovery.toAlterations(List.of())).isEmpty();
  }

  @Test
  void resultIsImmutable() {
    List<Alteration> list = AlterationDiscovery.toAlterations(new ArrayList<>(List.of(file("1.0.0-1-a.sql"))));
    assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- fromPath: directories ----

  @Test
  void readsADirectoryInTimestampOrder() throws IOException {
    Path dir = tmp.resolve("alterations");
    write(dir, "1.0.1-1663923771-c.sql", UP_DOWN);
    write(dir, "1.0.0-1663923770.1-b.sql", UP_DOWN);
    write(dir, "1.0.0-1663923770-a.sql", "\uFEFF-- alteration:up\r\ncreate table a ();\r\n");
    List<Alteration> alterations = AlterationDiscovery.fromPath(dir);
    assertThat(alterations).extracting(Alteration::name).containsExactly("a", "b", "c");
    assertThat(alterations.get(0).up().sql()).isEqualTo("create table a ();\n");
    assertThat(alterations.get(0).location()).isEqualTo(dir.resolve("1.0.0-1663923770-a.sql").toString());
  }

  @Test
  void emptyDirectoryGivesEmptyList() throws IOException {
    assertThat(AlterationDiscovery.fromPath(Files.createDirectories(tmp.resolve("empty")))).isEmpty();
  }

  @Test
  void nonExistentPathIsAnError() {
    Path missing = tmp.resolve("does-not-exist");
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(missing))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void nonSqlFileInDirectoryIsAnErrorNamingIt() throws IOException {
    Path dir = tmp.resolve("alterations");
    write(dir, "1.0.0-1663923770-a.sql", UP_DOWN);
    write(dir, "README.md", "# notes");
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("README.md")
        .hasMessageContaining(ScriptName.PATTERN_HELP);
  }

  @Test
  void subdirectoryIsAnErrorNamingIt() throws IOException {
    Path dir = tmp.resolve("alterations");
    write(dir, "1.0.0-1663923770-a.sql", UP_DOWN);
    Files.createDirectories(dir.resolve("old"));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("Unexpected old/ in " + dir)
        .hasMessageContaining(ScriptName.PATTERN_HELP);
  }

  @Test
  void duplicateTimestampsInDirectoryNameBothFiles() throws IOException {
    Path dir = tmp.resolve("alterations");
    write(dir, "1.0.0-1663923770-a.sql", UP_DOWN);
    write(dir, "next-1663923770-b.sql", UP_DOWN);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("1.0.0-1663923770-a.sql")
        .hasMessageContaining("next-1663923770-b.sql");
  }

  @Test
  void invalidScriptContentInDirectoryNamesTheFile() throws IOException {
    Path dir = tmp.resolve("alterations");
    write(dir, "1.0.0-1663923770-a.sql", "-- alteration:down\nselect 1;\n");
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("Alteration 1.0.0-1663923770-a.sql is invalid");
  }

  // ---- fromPath: jars ----

  @Test
  void readsAlterationsFolderOfAJar() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
    entries.put("io/logto/Some.class", "not really");
    entries.put("alterations/", null);
    entries.put("alterations/1.0.1-1663923771-c.sql", UP_DOWN);
    entries.put("alterations/next-1663923772-d.sql", UP_DOWN);
    entries.put("alterations/1.0.0-1663923770.1-b.sql", UP_DOWN);
    entries.put("alterations/1.0.0-1663923770-a.sql", UP_DOWN);
    Path jar = jar("scripts.jar", entries);
    List<Alteration> alterations = AlterationDiscovery.fromPath(jar);
    assertThat(alterations).extracting(Alteration::name).containsExactly("a", "b", "c", "d");
    assertThat(alterations.get(3).version().isNext()).isTrue();
    assertThat(alterations.get(0).location()).isEqualTo(jar + "!/alterations/1.0.0-1663923770-a.sql");
    assertThat(alterations.get(0).down()).isPresent();
  }

  @Test
  void jarWithoutAlterationsGivesEmptyList() throws IOException {
    Path jar = jar("empty.jar", Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "other/1.0.0-1-x.sql", UP_DOWN));
    assertThat(AlterationDiscovery.fromPath(jar)).isEmpty();
  }

  @Test
  void subdirectoryInJarIsAnErrorNamingIt() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("alterations/1.0.0-1663923770-a.sql", UP_DOWN);
    entries.put("alterations/old/1.0.0-1663923700-x.sql", UP_DOWN);
    Path jar = jar("nested.jar", entries);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("Unexpected old/1.0.0-1663923700-x.sql in " + jar + "!/alterations");
  }

  @Test
  void nonSqlEntryInJarIsAnErrorNamingIt() throws IOException {
    Path jar = jar("bad.jar", Map.of("alterations/1.0.0-1663923770-a.sql", UP_DOWN, "alterations/notes.txt", "x"));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("notes.txt");
  }

  @Test
  void duplicateTimestampsInJarNameBothFiles() throws IOException {
    Path jar = jar("dup.jar", Map.of("alterations/1.0.0-1663923770-a.sql", UP_DOWN,
        "alterations/1.0.1-1663923770-b.sql", UP_DOWN));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("1.0.0-1663923770-a.sql")
        .hasMessageContaining("1.0.1-1663923770-b.sql");
  }

  @Test
  void jarEntryWhoseRecordedSizeIsWrongIsAnError() throws IOException {
    String name = "alterations/1.0.0-1663923770-a.sql";
    Path jar = jar("lying.jar", Map.of(name, UP_DOWN));
    byte[] bytes = Files.readAllBytes(jar);
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    boolean patched = false;
    for (int at = 0; at + 46 + name.length() <= bytes.length; at++) {
      if (buffer.getInt(at) == 0x02014b50
          && new String(bytes, at + 46, name.length(), StandardCharsets.UTF_8).equals(name)) {
        buffer.putInt(at + 24, buffer.getInt(at + 24) + 5); // the central directory's uncompressed size
        patched = true;
      }
    }
    assertThat(patched).isTrue();
    Files.write(jar, bytes);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining("neither a directory nor a readable jar")
        .hasMessageContaining("entry " + name + " is not " + (UP_DOWN.getBytes(StandardCharsets.UTF_8).length + 5)
            + " bytes long as the jar says");
  }

  @Test
  void fileThatIsNeitherDirectoryNorJarIsAnError() throws IOException {
    Path notJar = write(tmp, "1.0.0-1663923770-a.sql", UP_DOWN);
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(notJar))
        .isInstanceOfSatisfying(LogtoException.class, usage()::accept)
        .hasMessageContaining(notJar.toString())
        .hasMessageContaining("neither a directory nor a readable jar");
  }

  // ---- class path ----

  @Test
  void readsTheClassPathOfALoader() throws IOException {
    Path root = tmp.resolve("cp");
    write(root.resolve("alterations"), "1.0.0-1663923771-b.sql", UP_DOWN);
    write(root.resolve("alterations"), "1.0.0-1663923770-a.sql", UP_DOWN);
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("alterations/", null); // ClassLoader.getResources finds jar folders by their entry
    entries.put("alterations/next-1663923772-c.sql", UP_DOWN);
    Path jar = jar("cp.jar", entries);
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
        new java.net.URL[] {root.toUri().toURL(), jar.toUri().toURL()}, null)) {
      assertThat(AlterationDiscovery.fromClasspath(loader)).extracting(Alteration::name)
          .containsExactly("a", "b", "c");
    }
  }
}
