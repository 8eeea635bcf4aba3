package io.logto.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes alteration folders for tests. */
public final class Fixtures {
  private Fixtures() {}

  /** Writes {@code fileName} with an up and (when not null) a down section into {@code dir}. */
  public static Path script(Path dir, String fileName, String up, String down) {
    String text = "-- alteration:up\n" + up + "\n" + (down == null ? "" : "-- alteration:down\n" + down + "\n");
    return write(dir, fileName, text);
  }

  public static Path write(Path dir, String fileName, String text) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's shipped alterations folder. */
  public static Path shipped() {
    Path path = Path.of("alterations").toAbsolutePath();
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("run the tests from the repository root: " + path);
    }
    return path;
  }
}
