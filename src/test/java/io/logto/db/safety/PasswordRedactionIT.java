package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords in URLs that do not parse cleanly, through the jar: never on stdout, stderr or in
 * {@code --json}, and nothing but the password masked (the issue's cases, and passwords holding
 * every URL delimiter).
 */
class PasswordRedactionIT {
  @TempDir
  Path temp;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  private Path cwd() throws IOException {
    Path cwd = temp.resolve("cwd");
    Files.createDirectories(cwd.resolve("alterations"));
    return cwd;
  }

  /** The run as text and as --json: the same exit code, the password in neither. */
  private List<Logto.Run> both(Map<String, String> env, String url) throws IOException {
    Path cwd = cwd();
    List<String> base = url == null ? List.of("db", "alt", "status", "--alterations", "alterations")
        : List.of("db", "alt", "status", "--alterations", "alterations", "--db-url", url);
    Logto.Run text = Logto.run(cwd, env, base.toArray(String[]::new));
    List<String> json = new java.util.ArrayList<>(base);
    json.add("--json");
    return List.of(text, Logto.run(cwd, env, json.toArray(String[]::new)));
  }

  @Test
  void anUnencodedAtInThePasswordIsReadAndMaskedWhole() throws IOException {
    for (Logto.Run run : both(Map.of(), "postgres://user:p@ssw0rd!x@127.0.0.1:1/db")) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(1);
      assertThat(run.all()).as(run.toString()).contains("Cannot connect to postgres://user:***@127.0.0.1:1/db:")
          .doesNotContain("ssw0rd").doesNotContain("Unexpected");
    }
  }

  @Test
  void aUrlWithoutHostMasksTheWholeAuthority() throws IOException {
    for (Logto.Run run : both(Map.of(), "postgres://user:secret/db")) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(2);
      assertThat(run.all()).as(run.toString()).contains("Invalid database URL 'postgres://***/db'")
          .doesNotContain("secret");
    }
  }

  @Test
  void pgpasswordEqualToTheSchemeAndUserMasksNeither() throws IOException {
    for (Logto.Run run : both(Map.of("PGPASSWORD", "postgres"), "postgres://postgres@127.0.0.1:1/postgres")) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(1);
      assertThat(run.all()).as(run.toString()).contains("Cannot connect to postgres://postgres@127.0.0.1:1/postgres:")
          .doesNotContain("***");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Xq7Ab@:/?#[]Zr9Kd", "Xq7Ab%&=+;, '\"\\Zr9Kd", "Xq7Ab#Zr9Kd@"})
  void passwordsWithEveryDelimiterNeverShow(String password) throws IOException {
    String raw = "postgres://app:" + password + "@127.0.0.1:1/db";
    String encoded = "postgres://app:" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
        + "@127.0.0.1:1/db";
    List<Logto.Run> runs = new java.util.ArrayList<>(both(Map.of(), raw));
    runs.addAll(both(Map.of("DB_URL", encoded), null));
    for (Logto.Run run : runs) {
      assertThat(run.exit()).as(run.toString()).isIn(1, 2);
      assertThat(run.all()).as(run.toString()).doesNotContain("Xq7Ab").doesNotContain("Zr9Kd")
          .contains("postgres://app").contains("127.0.0.1:1/db");
    }
  }
}
