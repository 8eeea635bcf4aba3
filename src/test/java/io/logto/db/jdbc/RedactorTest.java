package io.logto.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
}
