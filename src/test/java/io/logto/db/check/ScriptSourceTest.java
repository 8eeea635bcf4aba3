package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.LogtoException;
import io.logto.db.script.ScriptFile;
import io.logto.db.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading scripts leniently: what discovery would reject becomes a problem and reading goes on. */
class ScriptSourceTest {
  private static final String SCRIPT = "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n";

  @Test
  void aDirectoryWithASubdirectoryAndABadFileIsReadToTheEnd(@TempDir Path dir) throws IOException {
    Fixtures.write(dir, "1.0.0-100-a.sql", SCRIPT);
    Fixtures.write(dir, "1.1.0-200-b.sql", SCRIPT);
    Files.createDirectories(dir.resolve("old"));
    Files.write(dir.resolve("1.2.0-300-latin1.sql"), new byte[] {'-', '-', ' ', (byte) 0xe9, '\n'});
    ScriptSource.Contents contents = ScriptSource.fromPath(dir);
    assertThat(contents.files()).extracting(ScriptFile::fileName).containsExactly("1.0.0-100-a.sql", "1.1.0-200-b.sql");
    assertThat(contents.problems()).extracting(Problem::line).containsExactly(
        "static check: 1.2.0-300-latin1.sql: line 1 has a byte that is not UTF-8 (0xE9, perhaps Latin-1 or"
            + " Windows-1252 text). Save the file as UTF-8",
        "static check: old/: is a directory inside the alterations folder: alterations must be files named "
            + io.logto.db.script.ScriptName.PATTERN_HELP + ". Move it elsewhere");
  }

  @Test
  void aNulByteAndADanglingLinkAreProblemsAndReadingGoesOn(@TempDir Path dir) throws IOException {
    Fixtures.write(dir, "1.0.0-100-a.sql", SCRIPT);
    Files.write(dir.resolve("1.1.0-200-nul.sql"), "-- alteration:up\nselect 'a\0';\n".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(dir.resolve("1.2.0-300-gone.sql"), dir.resolve("elsewhere.sql"));
    ScriptSource.Contents contents = ScriptSource.fromPath(dir);
    assertThat(contents.files()).extracting(ScriptFile::fileName).containsExactly("1.0.0-100-a.sql");
    assertThat(contents.problems()).extracting(Problem::line).containsExactly(
        "static check: 1.1.0-200-nul.sql: line 2 holds a NUL byte, which PostgreSQL cannot take in SQL text."
            + " Remove it (write binary data as a bytea literal such as '\\x00')",
        "static check: 1.2.0-300-gone.sql: Cannot read alteration " + dir.resolve("1.2.0-300-gone.sql")
            + ": it is a symbolic link to " + dir.resolve("elsewhere.sql") + ", which does not exist. Fix: restore"
            + " the link's target, or remove the link from the folder.");
  }

  @Test
  void aJarHoldingAlterations(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("history.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      entry(zip, "alterations/", "");
      entry(zip, "alterations/1.0.0-100-a.sql", SCRIPT);
      entry(zip, "alterations/nested/", "");
      entry(zip, "alterations/nested/1.1.0-200-b.sql", SCRIPT);
      entry(zip, "other/readme.txt", "not an alteration");
    }
    ScriptSource.Contents contents = ScriptSource.fromPath(jar);
    assertThat(contents.files()).extracting(ScriptFile::fileName).containsExactly("1.0.0-100-a.sql");
    assertThat(contents.problems()).extracting(Problem::object).containsExactly("nested/");
  }

  @Test
  void aMissingPathIsAUsageError(@TempDir Path dir) {
    assertThatThrownBy(() -> ScriptSource.fromPath(dir.resolve("nope")))
        .isInstanceOf(LogtoException.class).hasMessageContaining("does not exist");
  }

  @Test
  void theShippedAlterationsAreOnTheClassPath() {
    ScriptSource.Contents contents = ScriptSource.fromClasspath(ScriptSourceTest.class.getClassLoader());
    assertThat(contents.problems()).isEmpty();
    assertThat(contents.files()).extracting(ScriptFile::fileName)
        .contains("1.0.0_rc.0-1700000000-init-identity-schema.sql");
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
