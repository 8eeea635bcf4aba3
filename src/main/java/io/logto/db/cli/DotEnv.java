package io.logto.db.cli;

import io.logto.db.alteration.LogtoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads a {@code .env} file: {@code KEY=value} lines, optional {@code export}, quotes and comments. */
final class DotEnv {
  private DotEnv() {}

  static Map<String, String> read(Path file) {
    Map<String, String> values = new HashMap<>();
    try {
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("export ")) {
          line = line.substring("export ".length()).strip();
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        } else {
          int comment = value.indexOf(" #");
          if (comment >= 0) {
            value = value.substring(0, comment).strip();
          }
        }
        values.put(key, value);
      }
    } catch (IOException e) {
      throw LogtoException.usage("Cannot read the env file " + file + " (" + e.getMessage()
          + "). Fix --env-file or remove it.");
    }
    return values;
  }
}
