package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time index of a jar's scripts: discovery returns exactly what it returns without the
 * index, takes a script from the index only when the jar's entry holds the indexed bytes, and falls
 * back to reading entries for anything else.
 */
class AlterationIndexTest {
  /** Every kind of script the parser knows, including text the normaliser changes (BOM, CRLF) and non-ASCII. */
  private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

  static {
    SCRIPTS.put("1.0.0-1700000001-create-users.sql",
        "-- Creates users.\n-- alteration:up\ncreate table users (id int primary key);\n\n-- alteration:down\ndrop table users;\n");
    SCRIPTS.put("1.0.0-1700000002-crlf-and-bom.sql",
        "\uFEFF-- alteration:up\r\ninsert into users values (1);\r\n-- alteration:down\r\ndelete from users where id = 1;\r\n");
    SCRIPTS.put("1.1.0-1700000003-index-concurrently.sql",
        "-- alteration:before-up\ncreate index concurrently users_id on users (id);\n-- alteration:up\n"
            + "comment on table users is 'ünïcödé ✓';\n-- alteration:before-down\ndrop index concurrently users_id;\n"
            + "-- alteration:down\ncomment on table users is null;\n");
    SCRIPTS.put("next-1700000004-drop-legacy.sql",
        "-- alteration:up\ndrop table if exists legacy;\n-- alteration:irreversible\n-- the data is gone\n");
  }

  @TempDir
  Path tmp;

  private Path root;

  @BeforeEach
  void writeScripts() throws IOException {
    root = tmp.resolve("classes");
    Path folder = Files.createDirectories(root.resolve(AlterationDiscovery.FOLDER));
    for (Map.Entry<String, String> script : SCRIPTS.entrySet()) {
      Files.writeString(folder.resolve(script.getKey()), script.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** A jar of {@code root} (as Maven packages target/classes), written at {@code jar}. */
  private Path jar(Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> !f.equals(root)).sorted().toList()) {
        String name = root.relativize(file).toString().replace('\\', '/');
        boolean directory = Files.isDirectory(file);
        zip.putNextEntry(new ZipEntry(directory ? name + "/" : name)); // directories too, as jar and Maven write them
        if (!directory) {
          zip.write(Files.readAllBytes(file));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  private Map<String, AlterationIndex.Indexed> indexOf(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return AlterationIndex.read(zip);
    }
  }

  @Test
  void anIndexedJarGivesWhatTheSameJarGivesWithoutAnIndex() throws IOException {
    Path jar = tmp.resolve("product.jar");
    List<Alteration> unindexed = AlterationDiscovery.fromPath(jar(jar));
    assertThat(indexOf(jar)).isEmpty();

    assertThat(AlterationIndex.write(root)).isEqualTo(SCRIPTS.size());
    jar(jar);
    assertThat(indexOf(jar)).containsOnlyKeys(SCRIPTS.keySet());
    assertThat(AlterationDiscovery.readJar(jar)).allSatisfy(file -> assertThat(file.sections()).isPresent());
    List<Alteration> indexed = AlterationDiscovery.fromPath(jar);

    assertThat(indexed).isEqualTo(unindexed).hasSize(SCRIPTS.size());
    Alteration crlf = indexed.get(1);
    assertThat(crlf.up().sql()).isEqualTo("insert into users values (1);\n");
    assertThat(crlf.down().orElseThrow().firstLine()).isEqualTo(4);
    assertThat(indexed.get(2).beforeUp().orElseThrow().sql()).contains("create index concurrently");
    assertThat(indexed.get(2).up().sql()).contains("ünïcödé ✓");
    assertThat(indexed.get(3).irreversible()).isTrue();
    assertThat(indexed.get(3).down()).isEmpty();
  }

  @Test
  void theClasspathUsesTheIndexToo() throws IOException {
    AlterationIndex.write(root);
    Path jar = jar(tmp.resolve("product.jar"));
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      List<Alteration> found = AlterationDiscovery.fromClasspath(loader);
      assertThat(AlterationDiscovery.readJar(jar)).allSatisfy(file -> assertThat(file.sections()).isPresent());
      assertThat(found).extracting(Alteration::fileName).containsExactlyElementsOf(SCRIPTS.keySet());
      assertThat(found).isEqualTo(AlterationDiscovery.fromPath(jar));
    }
  }

  /** A script edited after the index was written: the jar's entry wins, and is checked as usual. */
  @Test
  void aScriptEditedAfterIndexingIsReadFromItsEntry() throws IOException {
    AlterationIndex.write(root);
    Path edited = root.resolve("alterations/1.0.0-1700000001-create-users.sql");
    Files.writeString(edited, "-- alteration:up\ncreate table users (id bigint primary key);\n-- alteration:down\ndrop table users;\n");
    Path jar = jar(tmp.resolve("product.jar"));

    assertThat(indexOf(jar)).containsKey("1.0.0-1700000001-create-users.sql"); // the stale copy is still there
    assertThat(AlterationDiscovery.readJar(jar)).allSatisfy(file -> assertThat(file.sections().isPresent())
        .isEqualTo(!file.fileName().equals("1.0.0-1700000001-create-users.sql")));
    Alteration users = AlterationDiscovery.fromPath(jar).get(0);
    assertThat(users.up().sql()).contains("bigint");

    Files.writeString(edited, "-- alteration:up\ncommit;\n");
    Path broken = jar(tmp.resolve("broken.jar"));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(broken))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("1.0.0-1700000001-create-users.sql is invalid")
        .hasMessageContaining("'COMMIT' at line 2");
  }

  /** A jar that merges another alterations/ folder (a product shading logto): the unindexed scripts count. */
  @Test
  void scriptsTheIndexDoesNotListAreFound() throws IOException {
    AlterationIndex.write(root);
    Files.writeString(root.resolve("alterations/1.2.0-1700000005-added-later.sql"), "-- alteration:up\nselect 1;\n");
    Files.writeString(root.resolve("alterations/bad name.sql"), "-- alteration:up\nselect 1;\n");
    Path jar = jar(tmp.resolve("merged.jar"));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("Alteration file bad name.sql has an invalid name");

    Files.delete(root.resolve("alterations/bad name.sql"));
    assertThat(AlterationDiscovery.fromPath(jar(tmp.resolve("merged2.jar"))))
        .extracting(Alteration::fileName).contains("1.2.0-1700000005-added-later.sql").hasSize(SCRIPTS.size() + 1);
  }

  @Test
  void anIndexFromAnotherParserOrDamagedIsIgnored() throws IOException {
    AlterationIndex.write(root);
    Path indexFile = root.resolve(AlterationIndex.ENTRY);
    byte[] good = Files.readAllBytes(indexFile);
    List<Alteration> expected = AlterationDiscovery.fromPath(jar(tmp.resolve("good.jar")));
    int fingerprintAt = 4 + "logto-alteration-index".length() + 4;
    int countAt = fingerprintAt + 8;

    byte[] otherParser = good.clone();
    otherParser[fingerprintAt + 7] ^= 1;
    assertIgnored(resealed(otherParser), "other.jar", expected);

    byte[] hugeCount = good.clone();
    hugeCount[countAt] = 0x3F; // about a billion records: refused before anything is allocated for them
    assertIgnored(resealed(hugeCount), "count.jar", expected);

    assertIgnored(java.util.Arrays.copyOf(good, good.length / 2), "truncated.jar", expected);

    byte[] bounds = good.clone();
    bounds[good.length - 4 - 5] ^= 0x10; // a section bound of the last script, not its bytes
    assertIgnored(bounds, "bounds.jar", expected); // the CRC-32 of the whole index no longer matches

    byte[] flipped = good.clone();
    int firstScript = new String(good, StandardCharsets.ISO_8859_1).indexOf("create table users");
    flipped[firstScript] = 'C'; // the bytes no longer match the CRC-32 stored with them
    Files.write(indexFile, resealed(flipped));
    Path damaged = jar(tmp.resolve("damaged.jar"));
    assertThat(indexOf(damaged)).doesNotContainKey("1.0.0-1700000001-create-users.sql").hasSize(SCRIPTS.size() - 1);
    assertThat(AlterationDiscovery.fromPath(damaged)).isEqualTo(reLocated(expected, "good.jar", "damaged.jar"));
  }

  private void assertIgnored(byte[] index, String jarName, List<Alteration> expected) throws IOException {
    Files.write(root.resolve(AlterationIndex.ENTRY), index);
    Path jar = jar(tmp.resolve(jarName));
    assertThat(indexOf(jar)).as(jarName).isEmpty();
    assertThat(AlterationDiscovery.fromPath(jar)).isEqualTo(reLocated(expected, "good.jar", jarName));
  }

  /** {@code index} with its closing CRC-32 recomputed, as if a writer had produced it. */
  private static byte[] resealed(byte[] index) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(index, 0, index.length - 4);
    java.nio.ByteBuffer.wrap(index).putInt(index.length - 4, (int) crc.getValue());
    return index;
  }

  @Test
  void writingFailsOnABrokenScriptWithDiscoverysMessage() throws IOException {
    Files.writeString(root.resolve("alterations/1.3.0-1700000006-broken.sql"), "-- alteration:up\nselect 'unclosed;\n");
    assertThatThrownBy(() -> AlterationIndex.write(root))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Alteration 1.3.0-1700000006-broken.sql is invalid")
        .hasMessageContaining("string");
    assertThat(root.resolve(AlterationIndex.ENTRY)).doesNotExist();
  }

  @Test
  void writingNeedsAnAlterationsFolder() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> AlterationIndex.write(empty))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageStartingWith("No alterations/ folder in " + empty + ".");
    assertThat(empty.resolve(AlterationIndex.ENTRY)).doesNotExist();
    assertThatThrownBy(() -> AlterationIndex.write(tmp.resolve("missing"))).isInstanceOf(LogtoException.class);
    assertThat(tmp.resolve("missing")).doesNotExist();
  }

  private static List<Alteration> reLocated(List<Alteration> alterations, String from, String to) {
    return alterations.stream().map(a -> new Alteration(a.fileName(), a.version(), a.timestamp(), a.name(), a.up(),
        a.down(), a.beforeUp(), a.beforeDown(), a.location().replace(from, to), a.irreversible(), a.program())).toList();
  }

  /**
   * The fingerprint covers the parsing code wherever it lives: every class of this package that a
   * fingerprinted class refers to is fingerprinted too, apart from the classes that find and check
   * the scripts around the parser (named here, with the reason). A parsing helper moved into a new
   * class that did not join {@link ParserFingerprint#PARSER_CLASSES} would let an index written by
   * an old parser be trusted by a new one.
   */
  @Test
  void theParserFingerprintCoversEveryClassTheParserUses() throws IOException {
    // AlterationIndex.write finds the files and checks their names and timestamps as discovery does;
    // none of them decides how a script's bytes become sections
    java.util.Set<String> outsideTheParser = java.util.Set.of("AlterationDiscovery", "ScriptFile", "ScriptName",
        "ParserFingerprint");
    java.util.Set<String> fingerprinted = new java.util.TreeSet<>();
    for (Class<?> type : ParserFingerprint.PARSER_CLASSES) {
      fingerprinted.add(type.getSimpleName());
    }
    java.util.Set<String> used = new java.util.TreeSet<>();
    java.util.regex.Pattern reference = java.util.regex.Pattern.compile("io/logto/db/script/([A-Za-z0-9_]+)");
    for (Class<?> type : ParserFingerprint.PARSER_CLASSES) {
      for (Class<?> member : type.getNestMembers()) {
        try (var in = member.getResourceAsStream(member.getName().substring(member.getName().lastIndexOf('.') + 1)
            + ".class")) {
          var m = reference.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
          while (m.find()) {
            used.add(m.group(1).split("\\$")[0]);
          }
        }
      }
    }
    used.removeAll(outsideTheParser);
    assertThat(fingerprinted).as("ParserFingerprint.PARSER_CLASSES").containsAll(used);
    assertThat(used).as("the parser's classes, as their class files name them").contains("SectionChecks",
        "SqlScanner", "StatementWords", "IndexReader");
  }
}
