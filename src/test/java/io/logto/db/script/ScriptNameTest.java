package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptNameTest {

  @ParameterizedTest
  @CsvSource({
      "1.0.0-1663923770-init.sql, 1.0.0, 1663923770, init",
      "1.0.0_beta.10-1663923770.1-add-x.sql, 1.0.0-beta.10, 1663923770.1, add-x",
      "next-1700000000-x.sql, next, 1700000000, x",
      "1.2.0-9999999999-add-user-locale.sql, 1.2.0, 9999999999, add-user-locale",
      "1.0.0_rc.0-1700000000-init-identity-schema.sql, 1.0.0-rc.0, 1700000000, init-identity-schema",
      "0.0.1-1-a1-2b.sql, 0.0.1, 1, a1-2b",
      "10.20.30-1700000000.000123-x.sql, 10.20.30, 1700000000.000123, x",
  })
  void parsesGoodNames(String fileName, String version, String timestamp, String name) {
    assertThat(ScriptName.isValid(fileName)).isTrue();
    ScriptName parsed = ScriptName.parse(fileName);
    assertThat(parsed.version()).hasToString(version);
    assertThat(parsed.timestamp()).isEqualByComparingTo(new BigDecimal(timestamp));
    assertThat(parsed.timestamp().toPlainString()).isEqualTo(timestamp);
    assertThat(parsed.name()).isEqualTo(name);
  }

  @Test
  void underscoreVersionParsesToHyphenatedPreRelease() {
    ScriptName parsed = ScriptName.parse("1.0.0_beta.10-1663923770-init.sql");
    assertThat(parsed.version()).isEqualTo(AlterationVersion.of(Version.parse("1.0.0-beta.10")));
    assertThat(parsed.version().release().orElseThrow().preRelease()).containsExactly("beta", "10");
  }

  @Test
  void nextParsesToNext() {
    assertThat(ScriptName.parse("next-1700000000-x.sql").version()).isSameAs(AlterationVersion.NEXT);
  }

  @Test
  void tenDigitTimestampIsAccepted() {
    assertThat(ScriptName.parse("1.0.0-1234567890-x.sql").timestamp()).isEqualTo(new BigDecimal("1234567890"));
  }

  @Test
  void fractionalTimestampKeepsItsFraction() {
    BigDecimal a = ScriptName.parse("1.0.0-1663923770-x.sql").timestamp();
    BigDecimal b = ScriptName.parse("1.0.0-1663923770.1-x.sql").timestamp();
    BigDecimal c = ScriptName.parse("1.0.0-1663923771-x.sql").timestamp();
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1.0.0-16639237701-init.sql",       // 11-digit timestamp
      "1.0.0-1663923770-Init.sql",        // upper case in the name
      "1.0.0-1663923770-add_x.sql",       // underscore in the name
      "1.0.0-1663923770-init",            // missing .sql
      "1.0.0-1663923770-init.SQL",        // wrong extension case
      "1.0.0-1663923770-init.sql.bak",
      "1.0.0-1663923770-.sql",            // empty name
      "1.0.0-1663923770--x.sql",          // double dash
      "1.0.0-1663923770-x--y.sql",        // double dash inside the name
      "1.0.0-1663923770-x-.sql",          // trailing dash
      "1.0.0--1663923770-x.sql",          // double dash after the version
      "1.0.0-1663923770.-x.sql",          // fraction without digits
      "1.0.0-abc-x.sql",                  // non-numeric timestamp
      "1.0.0-1663923770-x y.sql",
      "1.0.0-1663923770-x.sql ",
      "init.sql",
      "",
      ".sql",
      "README.md",
  })
  void rejectsNamesThatDoNotMatchThePattern(String fileName) {
    assertThat(ScriptName.isValid(fileName)).isFalse();
    assertThatThrownBy(() -> ScriptName.parse(fileName))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Alteration file " + fileName + " has an invalid name")
        .hasMessageContaining("does not match the pattern")
        .hasMessageContaining(ScriptName.PATTERN_HELP);
  }

  @ParameterizedTest
  @CsvSource({
      "1.2-1-x.sql, 1.2",
      "latest-1-x.sql, latest",
      "1.2.3.4-1700000000-x.sql, 1.2.3.4",
      "01.0.0-1700000000-x.sql, 01.0.0",
      "1.0.0_-1700000000-x.sql, 1.0.0_",
      "v1.0.0-1700000000-x.sql, v1.0.0",
      "Next-1700000000-x.sql, Next",
      "NEXT-1700000000-x.sql, NEXT",
  })
  void rejectsBadVersions(String fileName, String versionText) {
    assertThat(ScriptName.isValid(fileName)).isFalse();
    assertThatThrownBy(() -> ScriptName.parse(fileName))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Alteration file " + fileName)
        .hasMessageContaining("'" + versionText + "' is not a semantic version or next")
        .hasMessageContaining(ScriptName.PATTERN_HELP);
  }

  @Test
  void patternHelpShowsTheExpectedShape() {
    assertThat(ScriptName.PATTERN_HELP)
        .contains("<version>-<timestamp>-<name>.sql")
        .contains("1.2.0-1700000000-add-user-locale.sql");
    // the example in the help is itself a valid name
    assertThat(ScriptName.isValid("1.2.0-1700000000-add-user-locale.sql")).isTrue();
  }

  @Test
  void zeroTimestampIsRejected() {
    for (String fileName : new String[] {"1.0.0-0-init.sql", "1.0.0-0000000000-init.sql", "1.0.0-0.000-init.sql"}) {
      assertThat(ScriptName.isValid(fileName)).as(fileName).isFalse();
      assertThatThrownBy(() -> ScriptName.parse(fileName))
          .isInstanceOf(LogtoException.class)
          .hasMessageContaining(fileName);
    }
  }

  /** The pattern the name grammar is written as (the parser matches it by hand, without a regular expression). */
  private static final Pattern GRAMMAR = Pattern.compile(
      "([0-9A-Za-z._]+)-([0-9]{1,10}(?:\\.[0-9]+)?)-([a-z0-9]+(?:-[a-z0-9]+)*)\\.sql");

  /** The hand-written matcher accepts exactly what the pattern accepts and splits it the same way. */
  @Property(tries = 3000)
  void splitAgreesWithThePattern(@ForAll("nameLike") String fileName) {
    Matcher m = GRAMMAR.matcher(fileName);
    String[] parts = ScriptName.split(fileName);
    if (m.matches()) {
      assertThat(parts).containsExactly(m.group(1), m.group(2), m.group(3));
    } else {
      assertThat(parts).as(fileName).isNull();
    }
  }

  /** Strings near the grammar: its characters (and a few others) around '-', '.', digits and '.sql'. */
  @Provide
  Arbitrary<String> nameLike() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings().withChars("abcxyz019").ofMinLength(1).ofMaxLength(4),
        Arbitraries.strings().withChars("0123456789aZ._-").ofMinLength(0).ofMaxLength(6),
        Arbitraries.of("-", ".", "_", "next", "1.0.0", "1.0.0_rc.1", ".sql", "A", "é", "٣", " "));
    Arbitrary<String> loose = piece.list().ofMinSize(1).ofMaxSize(7)
        .map(list -> String.join("", list))
        .flatMap(text -> Arbitraries.of(text, text + ".sql"));
    // the grammar's own shape with each part near its limits: 0 to 12 digits, an empty or a real
    // fraction, names that end or start with '-', a missing or doubled separator
    Arbitrary<String> digits = Arbitraries.integers().between(0, 12)
        .flatMap(n -> Arbitraries.strings().withChars("0123456789").ofLength(n));
    Arbitrary<String> separator = Arbitraries.frequency(Tuple.of(8, "-"), Tuple.of(1, ""), Tuple.of(1, "--"));
    Arbitrary<String> shaped = net.jqwik.api.Combinators.combine(
        Arbitraries.of("1.0.0", "next", "1.0.0_rc.1", "", "1-0", "v1"), separator, digits,
        Arbitraries.frequency(Tuple.of(4, ""), Tuple.of(1, "."), Tuple.of(2, ".5"), Tuple.of(1, ".123"), Tuple.of(1, ".x")),
        separator,
        Arbitraries.frequency(Tuple.of(3, "x"), Tuple.of(3, "add-user"), Tuple.of(1, "a-"), Tuple.of(1, "-a"),
            Tuple.of(1, "a--b"), Tuple.of(1, ""), Tuple.of(1, "A"), Tuple.of(2, "a1-2b")),
        Arbitraries.frequency(Tuple.of(6, ".sql"), Tuple.of(1, ".SQL"), Tuple.of(1, ""), Tuple.of(1, ".sql.sql")))
        .as((v, s1, t, f, s2, n, e) -> v + s1 + t + f + s2 + n + e);
    return Arbitraries.oneOf(loose, shaped);
  }
}
