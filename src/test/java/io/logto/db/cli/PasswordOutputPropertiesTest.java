package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A password never reaches stdout, stderr or the {@code --json} document, however it is given and
 * whatever URL delimiters it holds, and nothing but the password is masked. Each run is the real
 * command line ({@code Main.run}) against a server that refuses the connection (port 1), or a
 * URL that cannot be read.
 */
class PasswordOutputPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DELIMITERS = "@:/?#[]%&=+;, '\"\\";
  private static Path emptyFolder;

  /** How the password reaches the tool. */
  enum Given { ENCODED_IN_URL, RAW_IN_URL, PGPASSWORD, DB_URL_VARIABLE }

  /** A password: distinctive words around URL delimiters, quotes and a backslash. */
  record Secret(String password, List<String> words) {}

  @Provide
  Arbitrary<Secret> secrets() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(7)
        .map(w -> "W" + w);
    Arbitrary<String> delimiters = Arbitraries.strings().withChars(DELIMITERS).ofMinLength(1).ofMaxLength(5);
    return Combinators.combine(word, delimiters, word, Arbitraries.of("", "@", "%", "'"))
        .as((a, d, b, tail) -> new Secret(a + d + b + tail, List.of(a, b)));
  }

  @Property(tries = 30)
  void aPasswordNeverReachesTheOutput(@ForAll("secrets") Secret secret, @ForAll Given given) {
    String user = "app_user";
    String base = "@127.0.0.1:1/logto_db";
    CliRunner cli = new CliRunner().in(folder());
    List<String> args = new ArrayList<>(List.of("db", "alt", "status", "--alterations", folder().toString()));
    switch (given) {
      case ENCODED_IN_URL -> args.addAll(List.of("--db-url", "postgres://" + user + ":" + encode(secret.password()) + base));
      case RAW_IN_URL -> args.addAll(List.of("--db-url", "postgres://" + user + ":" + secret.password() + base));
      case PGPASSWORD -> {
        args.addAll(List.of("--db-url", "postgres://" + user + base));
        cli.env("PGPASSWORD", secret.password());
      }
      case DB_URL_VARIABLE -> cli.env("DB_URL", "postgres://" + user + ":" + secret.password() + base);
      default -> throw new IllegalStateException();
    }
    CliRunner.Result text = cli.run(args.toArray(String[]::new));
    args.add("--json");
    CliRunner.Result json = cli.run(args.toArray(String[]::new));

    for (CliRunner.Result result : List.of(text, json)) {
      String all = result.out() + result.err();
      assertThat(result.exitCode()).as(result.toString()).isIn(1, 2);
      assertThat(all).as(result.toString()).doesNotContain(secret.password());
      for (String word : secret.words()) {
        assertThat(all).as(result.toString()).doesNotContain(word);
      }
      // never more than the password: the scheme, the user, the host and the database stay
      assertThat(all).as(result.toString()).contains("postgres://" + user).contains("127.0.0.1:1/logto_db");
      if (given == Given.PGPASSWORD) {
        assertThat(all).as(result.toString()).contains("postgres://" + user + base).doesNotContain("***");
      }
    }
    JsonNode document = parse(json.out());
    assertThat(document.path("success").asBoolean(true)).isFalse();
    assertThat(document.path("error").path("message").asText()).contains("postgres://" + user);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("stdout is not one JSON document: " + text, e);
    }
  }

  private static synchronized Path folder() {
    if (emptyFolder == null) {
      try {
        emptyFolder = Files.createTempDirectory("logto-passwords-");
        emptyFolder.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return emptyFolder;
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  private static String encode(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
