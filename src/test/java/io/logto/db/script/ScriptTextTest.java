package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script's bytes are refused when they are read, naming the file, the line and the fix: a NUL
 * byte, bytes that are not UTF-8, UTF-16 text; and an entry of the folder that cannot be read (a
 * dangling symbolic link) is a usage error, never an unexpected one.
 */
class ScriptTextTest {
  private static final String NAME = "1.0.0-1700000100-a.sql";

  @TempDir
  Path tmp;

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private Path folder(byte[] content) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("alterations"));
    Files.write(dir.resolve(NAME), content);
    return dir;
  }

  private static void assertRefused(Path dir, String... words) {
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageStartingWith("Alteration " + NAME + " is invalid: ")
        .hasMessageContainingAll(words);
  }

  @Test
  void aNulByteIsRefusedAtItsLine() throws IOException {
    assertRefused(folder(bytes("-- alteration:up\nselect 1;\nselect 'a", 0, "b';\n")),
        "line 3 holds a NUL byte", "Fix: remove it");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedAtTheirLine() throws IOException {
    assertRefused(folder(bytes("-- alteration:up\n-- caf", 0xE9, "\nselect 1;\n")),
        "line 2 has a byte that is not UTF-8 (0xE9", "Fix: save the file as UTF-8.");
    assertRefused(folder(bytes("-- alteration:up\nselect 1;\n\nselect '", 0xC3, "';\n")), "line 4", "not UTF-8 (0xC3");
  }

  @Test
  void utf16TextIsRefusedAsSuch() throws IOException {
    byte[] utf16 = "-- alteration:up\nselect 1;\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[utf16.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withBom, 2, utf16.length);
    assertRefused(folder(withBom), "it is UTF-16 text", "Fix: save it as UTF-8.");
  }

  @Test
  void aReplacementCharacterWrittenInUtf8IsText() throws IOException {
    Path dir = folder(bytes("-- alteration:up\nselect '\uFFFD', 'é';\n"));
    assertThat(AlterationDiscovery.fromPath(dir).get(0).up().sql()).contains("'\uFFFD', 'é'");
  }

  @Test
  void aStrayBinaryFileIsReportedForItsName() throws IOException {
    Path dir = folder(bytes("-- alteration:up\nselect 1;\n"));
    Files.write(dir.resolve("notes.pdf"), bytes("%PDF", 0, 0xFF, 0xD8));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir)).isInstanceOf(LogtoException.class)
        .hasMessageContaining("notes.pdf").hasMessageContaining(ScriptName.PATTERN_HELP);
  }

  @Test
  void aJarEntryIsCheckedLikeAFile() throws IOException {
    Path jar = tmp.resolve("history.jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("alterations/" + NAME));
      zip.write(bytes("-- alteration:up\nselect 'x", 0, "';\n"));
      zip.closeEntry();
    }
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(jar)).isInstanceOf(LogtoException.class)
        .hasMessage("Alteration " + NAME + " is invalid: line 2 holds a NUL byte, which PostgreSQL cannot take in SQL"
            + " text. Fix: remove it (write binary data as a bytea literal such as '\\x00').");
  }

  @Test
  void theBuildsIndexRefusesWhatDiscoveryRefuses() throws IOException {
    Path root = tmp.resolve("classes");
    Files.createDirectories(root.resolve("alterations"));
    Files.write(root.resolve("alterations").resolve(NAME), bytes("-- alteration:up\nselect 1;\n-- ", 0xFF, "\n"));
    assertThatThrownBy(() -> AlterationIndex.write(root)).isInstanceOf(LogtoException.class)
        .hasMessageContaining("line 3 has a byte that is not UTF-8");
  }

  @Test
  void aDanglingSymbolicLinkIsAUsageErrorNamingItsTarget() throws IOException {
    Path dir = folder(bytes("-- alteration:up\nselect 1;\n"));
    Path link = dir.resolve("1.1.0-1700000200-b.sql");
    Files.createSymbolicLink(link, tmp.resolve("moved-away.sql"));
    assertThatThrownBy(() -> AlterationDiscovery.fromPath(dir))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessage("Cannot read alteration " + link + ": it is a symbolic link to " + tmp.resolve("moved-away.sql")
            + ", which does not exist. Fix: restore the link's target, or remove the link from the folder.");
  }
}
