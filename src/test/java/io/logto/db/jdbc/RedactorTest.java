package io.logto.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Strings are unique per test: {@link Redactor} keeps its secrets for the life of the JVM. */
class RedactorTest {

  @Test
  void nullStaysNull() {
    assertThat(Redactor.redact(null)).isNull();
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    String text = "relation \"users\" does not exist at postgres://db.example.com:5432/logto";
    assertThat(Redactor.redact(text)).isEqualTo(text);
  }

  @Test
  void masksPasswordPartOfAnyUrl() {
    assertThat(Redactor.redact("cannot reach postgres://admin:Url-Pw-R1@db:5432/x now"))
        .isEqualTo("cannot reach postgres://admin:***@db:5432/x now");
    assertThat(Redactor.redact("a https://u:Url-Pw-R2@h and b postgresql://v:Url-Pw-R3@k"))
        .isEqualTo("a https://u:***@h and b postgresql://v:***@k");
    assertThat(Redactor.redact("postgres://:Url-Pw-R4@h")).isEqualTo("postgres://:***@h");
  }

  @Test
  void keepsUserOnlyUrlsIntact() {
    assertThat(Redactor.redact("postgres://admin@db:5432/x")).isEqualTo("postgres://admin@db:5432/x");
  }

  @Test
  void masksPasswordParametersCaseInsensitively() {
    assertThat(Redactor.redact("jdbc:postgresql://h/db?user=u&password=Param-Pw-R5&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(Redactor.redact("host=h PASSWORD=Param-Pw-R6 dbname=x")).isEqualTo("host=h PASSWORD=*** dbname=x");
  }

  @Test
  void masksRegisteredSecretsEverywhereWithTheirUrlEncodedForm() {
    Redactor.addSecret("Reg istered/Pw-R7");
    assertThat(Redactor.redact("auth failed: Reg istered/Pw-R7.")).isEqualTo("auth failed: ***.");
    assertThat(Redactor.redact("in url Reg+istered%2FPw-R7 too")).isEqualTo("in url *** too");
    assertThat(Redactor.redact("twice Reg istered/Pw-R7 Reg istered/Pw-R7")).isEqualTo("twice *** ***");
  }

  @Test
  void addingASecretTwiceOrNothingIsHarmless() {
    Redactor.addSecret("Twice-Pw-R8");
    Redactor.addSecret("Twice-Pw-R8");
    Redactor.addSecret(null);
    Redactor.addSecret("");
    assertThat(Redactor.redact("x Twice-Pw-R8 y")).isEqualTo("x *** y");
    assertThat(Redactor.redact("plain text")).isEqualTo("plain text");
  }

  @Test
  void shortSecretsAreOnlyMaskedInCredentialPosition() {
    Redactor.addSecret("q7");
    // masking every "q7" would mangle unrelated text
    assertThat(Redactor.redact("column q7 is null")).isEqualTo("column q7 is null");
    assertThat(Redactor.redact("user:q7@host")).isEqualTo("user:***@host");
  }

  @Test
  void aPasswordWithAnUnencodedAtIsMaskedToTheLastAt() {
    assertThat(Redactor.redact("Cannot connect to postgres://user:p@ssw0rd!x-R9@host/db: refused"))
        .isEqualTo("Cannot connect to postgres://user:***@host/db: refused");
    // an '@' after the host may end a password holding '/' or '?': masked to it (DatabaseUrl refuses such URLs)
    assertThat(Redactor.redact("at postgres://user:p@ss@host/db?application_name=a@b now"))
        .isEqualTo("at postgres://user:***@b now");
    assertThat(Redactor.redact("at postgres://user@host/db?application_name=a@b now"))
        .isEqualTo("at postgres://user@host/db?application_name=a@b now");
  }

  @Test
  void anAuthorityThatIsNoHostIsMaskedWhole() {
    // no @: user:secret with the host forgotten
    assertThat(Redactor.redact("bad postgres://user:Nohost-R10/db here")).isEqualTo("bad postgres://***/db here");
    // a password holding '/', '?' or '#' cuts the authority short: masked to the last @
    assertThat(Redactor.redact("bad postgres://user:a/b?c#Cut-R11@host/db here")).isEqualTo("bad postgres://user:***@host/db here");
    // host:port lists and IPv6 stay
    assertThat(Redactor.redact("at postgres://h1:5432,h2:5433/db and postgresql://[::1]:5432/db"))
        .isEqualTo("at postgres://h1:5432,h2:5433/db and postgresql://[::1]:5432/db");
  }

  @Test
  void redactUrlTakesTheWholeTextAsOneUrl() {
    assertThat(Redactor.redactUrl("postgres://u:p w'x\"y@Whole-R12@h/db")).isEqualTo("postgres://u:***@h/db");
    assertThat(Redactor.redactUrl("postgres://user:Whole-R13/db")).isEqualTo("postgres://***/db");
    assertThat(Redactor.redactUrl("postgres://user@h:5432/db")).isEqualTo("postgres://user@h:5432/db");
    assertThat(Redactor.redactUrl("postgres://h:5432/db")).isEqualTo("postgres://h:5432/db");
  }

  @Test
  void aRegisteredPasswordThatIsAlsoASchemeUserOrNameIsNotMaskedThere() {
    Redactor.addSecret("samename-R14");
    Redactor.addName("samename-R14");
    assertThat(Redactor.redact("Cannot connect to postgres://samename-R14@h/samename-R14: password authentication"
        + " failed for user \"samename-R14\"")).isEqualTo("Cannot connect to postgres://samename-R14@h/samename-R14:"
        + " password authentication failed for user \"samename-R14\"");
    assertThat(Redactor.redact("postgres://u:samename-R14@h/db")).isEqualTo("postgres://u:***@h/db");

    Redactor.addSecret("schemeword");
    assertThat(Redactor.redact("expected schemeword://USER@HOST or jdbc:schemewordql://h, not schemeword"))
        .isEqualTo("expected schemeword://USER@HOST or jdbc:schemewordql://h, not ***");
    Redactor.addSecret("userword-R15");
    assertThat(Redactor.redact("postgres://userword-R15@h/db postgres://userword-R15:x@h/db userword-R15"))
        .isEqualTo("postgres://userword-R15@h/db postgres://userword-R15:***@h/db ***");
  }

  @Test
  void aRegisteredPasswordInsideALongerWordIsNotMasked() {
    Redactor.addSecret("Inner7");
    assertThat(Redactor.redact("table xInner7 and Inner7_y, but (Inner7)")).isEqualTo("table xInner7 and Inner7_y, but (***)");
  }

  // ---- property: URLs whose (unregistered) password holds every delimiter ----

  /** A password: two distinctive words around URL delimiters, quotes and a backslash. */
  record Secret(String password, List<String> words) {}

  @Provide
  Arbitrary<Secret> secrets() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
        .ofLength(8).map(w -> "Q" + w);
    Arbitrary<String> delimiters = Arbitraries.strings().withChars("@:/?#[]%&=+;, '\"\\").ofMinLength(1).ofMaxLength(6);
    return Combinators.combine(word, delimiters, word, Arbitraries.of("", "@", ":", "/"))
        .as((a, d, b, tail) -> new Secret(a + d + b + tail, List.of(a, b)));
  }

  @Property(tries = 300)
  void aUrlsPasswordIsMaskedWhateverItHolds(@ForAll("secrets") Secret secret) {
    String url = "postgres://app:" + secret.password() + "@db.internal:5432/logto";
    String whole = Redactor.redactUrl(url);
    for (String word : secret.words()) {
      assertThat(whole).as(url).doesNotContain(word);
    }
    assertThat(whole).startsWith("postgres://app:***@").endsWith("db.internal:5432/logto");
    if (secret.password().chars().noneMatch(Character::isWhitespace)) {
      String message = Redactor.redact("Cannot connect to " + url + ": refused (SQLSTATE 08001)");
      for (String word : secret.words()) {
        assertThat(message).as(url).doesNotContain(word);
      }
      assertThat(message).contains("postgres://app:***@").endsWith(": refused (SQLSTATE 08001)");
    }
  }
}
