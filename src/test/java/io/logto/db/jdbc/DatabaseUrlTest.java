package io.logto.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords here are unique per test: {@link Redactor} remembers every password it has seen, so a
 * password shared between tests could be masked for the wrong reason.
 */
class DatabaseUrlTest {

  @Test
  void parsesPostgresUrlWithEverything() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://alice:p%40ss%2Fw0rd-A1@db.example.com:6543/logto?sslmode=require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/logto?sslmode=require");
    assertThat(url.credentials().getProperty("user")).isEqualTo("alice");
    assertThat(url.credentials().getProperty("password")).isEqualTo("p@ss/w0rd-A1");
    assertThat(url.credentials()).hasSize(2);
    assertThat(url.redacted()).isEqualTo("postgres://alice:***@db.example.com:6543/logto?sslmode=require");
    assertThat(url.redacted()).doesNotContain("p@ss/w0rd-A1").doesNotContain("p%40ss%2Fw0rd-A1");
    assertThat(url.jdbcUrl()).doesNotContain("p@ss").doesNotContain("alice");
    assertThat(url).hasToString(url.redacted());
    assertThat(url.isEmbedded()).isFalse();
    assertThat(url.embeddedDirectory()).isEmpty();
  }

  @Test
  void parsesPostgresqlScheme() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://bob:Hunter-B2@localhost:5432/app");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/app");
    assertThat(url.credentials().getProperty("user")).isEqualTo("bob");
    assertThat(url.credentials().getProperty("password")).isEqualTo("Hunter-B2");
    assertThat(url.redacted()).isEqualTo("postgres://bob:***@localhost:5432/app");
  }

  @Test
  void schemeIsCaseInsensitiveAndInputIsTrimmed() {
    DatabaseUrl url = DatabaseUrl.parse("  PostgreSQL://carol:Case-C3@h/db \n");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(url.credentials().getProperty("password")).isEqualTo("Case-C3");
  }

  @Test
  void userWithoutPassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://dave@localhost/db");
    assertThat(url.credentials().getProperty("user")).isEqualTo("dave");
    assertThat(url.credentials().getProperty("password")).isNull();
    assertThat(url.redacted()).isEqualTo("postgres://dave@localhost/db");
  }

  @Test
  void noCredentialsAndNoDatabase() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://localhost:5432");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/");
    assertThat(url.credentials()).isEmpty();
    assertThat(url.redacted()).isEqualTo("postgres://localhost:5432/");
  }

  @Test
  void emptyPasswordIsKeptAndMasked() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://erin:@localhost/db");
    assertThat(url.credentials().getProperty("password")).isEmpty();
    assertThat(url.redacted()).isEqualTo("postgres://erin:***@localhost/db");
  }

  @Test
  void plusInPasswordIsLiteralAndUserIsDecoded() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://frank%40corp:a+b%20c-F6@h/db");
    assertThat(url.credentials().getProperty("user")).isEqualTo("frank@corp");
    assertThat(url.credentials().getProperty("password")).isEqualTo("a+b c-F6");
    assertThat(url.redacted()).doesNotContain("a+b c-F6").doesNotContain("a+b%20c-F6");
  }

  @Test
  void queryParametersArePassedThrough() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://u:Query-G7@h1:5432,h2:5433/db?sslmode=require&connectTimeout=5");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?sslmode=require&connectTimeout=5");
    assertThat(url.redacted()).isEqualTo("postgres://u:***@h1:5432,h2:5433/db?sslmode=require&connectTimeout=5");
  }

  @Test
  void passwordIsRegisteredWithTheRedactor() {
    DatabaseUrl.parse("postgres://u:Reg%2FSecret-H8@h/db");
    assertThat(Redactor.redact("connect failed for Reg/Secret-H8 and Reg%2FSecret-H8"))
        .isEqualTo("connect failed for *** and ***");
  }

  @Test
  void jdbcUrlIsPassedThroughWithPasswordRedacted() {
    String raw = "jdbc:postgresql://h:5432/db?user=u&password=Jdbc%2BSecret-I9&ssl=true";
    DatabaseUrl url = DatabaseUrl.parse(raw);
    assertThat(url.jdbcUrl()).isEqualTo(raw);
    assertThat(url.credentials()).isEmpty();
    assertThat(url.redacted()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true");
    assertThat(url.isEmbedded()).isFalse();
    // the decoded password is a secret from now on
    assertThat(Redactor.redact("bad password Jdbc+Secret-I9")).isEqualTo("bad password ***");
  }

  @Test
  void jdbcUrlWithoutPassword() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/db?user=u");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db?user=u");
    assertThat(url.redacted()).isEqualTo("jdbc:postgresql://localhost/db?user=u");
  }

  @Test
  void embeddedDirectory() {
    DatabaseUrl url = DatabaseUrl.parse("embedded:./target/../.logto-db");
    assertThat(url.isEmbedded()).isTrue();
    assertThat(url.embeddedDirectory()).contains(Path.of(".logto-db").toAbsolutePath().normalize());
    assertThat(url.jdbcUrl()).isEmpty();
    assertThat(url.credentials()).isEmpty();
    assertThat(url.redacted()).isEqualTo("embedded:./target/../.logto-db");
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded:", "embedded:   ", "  embedded:"})
  void embeddedWithoutDirectoryIsAUsageError(String text) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("names no directory");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mysql://u:Mysql-Secret-J1@h/db          | Mysql-Secret-J1",
      "postgres://u:Nohost-Secret-J2@/db        | Nohost-Secret-J2",
      "postgres://u:Nohost-Secret-J3@           | Nohost-Secret-J3",
      "postgres://u:Frag-Secret-J4@h/db#x       | Frag-Secret-J4",
      "http://u:Http-Secret-J5@h/db             | Http-Secret-J5",
      "jdbc:mysql://u:Jdbcmy-Secret-J6@h/db     | Jdbcmy-Secret-J6",
      "host=h password=Kv-Secret-J7             | Kv-Secret-J7",
      "localhost:5432                           | ",
      "postgres://                              | ",
  })
  void invalidUrlsAreUsageErrorsThatHideThePassword(String text, String password) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOfSatisfying(LogtoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
          assertThat(e.getMessage()).startsWith("Invalid database URL '").contains(DatabaseUrl.FORMS);
          if (password != null) {
            assertThat(e.getMessage()).doesNotContain(password).contains("***");
          }
        });
  }

  @Test
  void emptyUrlIsAUsageError() {
    assertThatThrownBy(() -> DatabaseUrl.parse(""))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
  }

  @Test
  void mistypedSchemeSeparatorDoesNotLeakThePassword() {
    for (String text : new String[] {"postgres:/u:Typo-Secret-K1@h/db", "postgres:u:Typo-Secret-K1@h/db"}) {
      assertThatThrownBy(() -> DatabaseUrl.parse(text))
          .isInstanceOf(LogtoException.class)
          .message().doesNotContain("Typo-Secret-K1");
    }
  }

  @Test
  void anUnencodedAtInThePasswordEndsAtTheLastAtOfTheAuthority() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://user:p@ssw0rd!x-L1@db.example.com:5432/app");
    assertThat(url.credentials().getProperty("user")).isEqualTo("user");
    assertThat(url.credentials().getProperty("password")).isEqualTo("p@ssw0rd!x-L1");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
    assertThat(url.redacted()).isEqualTo("postgres://user:***@db.example.com:5432/app");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "postgres://user:Nohost-L2/db        | Nohost-L2 | postgres://***/db     | what follows // is not",
      "postgres://user:Slash/L3@h/db       | L3        | postgres://user:***@h/db | percent-encode '/', '?' and '#'",
      "postgres://user:Ask?L4@h/db         | L4        | postgres://user:***@h/db | what follows // is not",
      "postgres://user:Hash#L5@h/db        | L5        | postgres://user:***@h/db | what follows // is not",
      "postgres://user:1234/Slash-L8@h/db  | Slash-L8  | postgres://user:***@h/db | an '@' after the host",
      "postgres://user:Frag-L9@h/db#x      | Frag-L9   | postgres://user:***@h/db#x | '#' fragment",
      "postgres://user:Port-L6@h:x/db      | Port-L6   | postgres://user:***@h:x/db | what follows // is not",
  })
  void aUrlThatCannotBeReadIsShownWithItsPasswordMasked(String text, String secret, String shown, String problem) {
    assertThatThrownBy(() -> DatabaseUrl.parse(text))
        .isInstanceOfSatisfying(LogtoException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
          assertThat(e.getMessage()).startsWith("Invalid database URL '" + shown + "': ").contains(problem)
              .contains(DatabaseUrl.FORMS).doesNotContain(secret);
        });
  }

  @Test
  void aPasswordFromTheEnvironmentThatEqualsTheUserMasksNeitherTheSchemeNorTheUser() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://sameuser-L7@127.0.0.1:1/sameuser-L7")
        .withPasswordFrom(java.util.Map.of("PGPASSWORD", "sameuser-L7"));
    assertThat(url.credentials().getProperty("password")).isEqualTo("sameuser-L7");
    assertThat(url.redacted()).isEqualTo("postgres://sameuser-L7@127.0.0.1:1/sameuser-L7");
    assertThat(Redactor.redact("Cannot connect to " + url.redacted() + ": password authentication failed for user"
        + " \"sameuser-L7\"")).isEqualTo("Cannot connect to postgres://sameuser-L7@127.0.0.1:1/sameuser-L7:"
        + " password authentication failed for user \"sameuser-L7\"");
  }

  /** A password written into the URL unencoded: two distinctive words around delimiters. */
  @Provide
  Arbitrary<String[]> rawPasswords() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('A', 'Z').ofLength(8).map(w -> "Z" + w);
    Arbitrary<String> delimiters = Arbitraries.strings().withChars("@:/?#[]%&=+;, '\"\\").ofMinLength(1).ofMaxLength(5);
    return net.jqwik.api.Combinators.combine(word, delimiters, word).as((a, d, b) -> new String[] {a + d + b, a, b});
  }

  @Property(tries = 300)
  void anUnencodedPasswordIsReadOrRefusedButNeverShown(@ForAll("rawPasswords") String[] password) {
    String text = "postgres://app:" + password[0] + "@db.internal:5432/logto";
    String shown;
    try {
      DatabaseUrl url = DatabaseUrl.parse(text);
      assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/logto");
      shown = url.redacted() + " " + Redactor.redact("password " + url.credentials().getProperty("password") + " failed");
    } catch (LogtoException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
      shown = e.getMessage();
    }
    assertThat(shown).as(text).doesNotContain(password[1]).doesNotContain(password[2]).contains("postgres://app:***@");
  }

  // ---- property: redacted never contains the password ----

  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.strings().withChars("abcXYZ0189 !#$%&'()*+,/:;=?@[]~-._\"\\")
        .ofMinLength(10).ofMaxLength(20)
        .filter(p -> p.chars().filter(Character::isLetterOrDigit).count() >= 4);
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

  @Property(tries = 200)
  void redactedNeverContainsThePassword(@ForAll("passwords") String password) {
    String encoded = encode(password);
    DatabaseUrl url = DatabaseUrl.parse("postgres://user:" + encoded + "@db.internal:5432/logto?sslmode=require");
    assertThat(url.credentials().getProperty("password")).isEqualTo(password);
    assertThat(url.redacted()).doesNotContain(password).doesNotContain(encoded)
        .isEqualTo("postgres://user:***@db.internal:5432/logto?sslmode=require");
    assertThat(url.jdbcUrl()).doesNotContain(encoded);
    assertThat(Redactor.redact("FATAL: password " + password + " rejected")).doesNotContain(password);

    DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://db.internal/logto?password=" + encoded + "&user=u");
    assertThat(jdbc.redacted()).doesNotContain(password).doesNotContain(encoded)
        .isEqualTo("jdbc:postgresql://db.internal/logto?password=***&user=u");
  }
}
