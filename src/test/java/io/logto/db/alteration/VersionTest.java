package io.logto.db.alteration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @Test
  void parsesReleaseVersion() {
    Version v = Version.parse("1.2.3");
    assertThat(v.major()).isEqualTo(BigInteger.ONE);
    assertThat(v.minor()).isEqualTo(BigInteger.TWO);
    assertThat(v.patch()).isEqualTo(BigInteger.valueOf(3));
    assertThat(v.preRelease()).isEmpty();
    assertThat(v.isPreRelease()).isFalse();
  }

  @Test
  void parsesPreReleaseIdentifiers() {
    Version v = Version.parse("1.0.0-beta.10");
    assertThat(v.preRelease()).containsExactly("beta", "10");
    assertThat(v.isPreRelease()).isTrue();
    assertThat(Version.parse("1.0.0-0a.x-y.-").preRelease()).containsExactly("0a", "x-y", "-");
  }

  @Test
  void parsesNumbersBeyondLongRange() {
    Version v = Version.parse("99999999999999999999999.0.1");
    assertThat(v.major()).isEqualTo(new BigInteger("99999999999999999999999"));
    assertThat(v).isGreaterThan(Version.parse(Long.MAX_VALUE + ".0.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0",
      "1.0.0-rc.0", "1.0.0-beta.10", "1.0.0-x.7.z.92", "1.0.0-alpha-a.b-c"})
  void acceptsStrictSemver(String text) {
    assertThat(Version.isValid(text)).isTrue();
    assertThat(Version.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.2", "v", "v1.2.3", "1.2.3.4", "01.0.0", "1.01.0", "1.0.01",
      "1.0.0-", "1.0.0-01", "1.0.0-beta..1", "1.0.0-beta.", "1.0.0+build", "1.0.0-beta+exp.sha",
      " 1.0.0", "1.0.0 ", "1.0.0_beta", "-1.0.0", "1.0.0-bet@", "a.b.c", "'; drop table x; --",
      "1.0.0\n", "１.0.0"})
  void rejectsInvalidText(String text) {
    assertThat(Version.isValid(text)).isFalse();
    assertThatThrownBy(() -> Version.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a semantic version")
        .hasMessageContaining(text);
  }

  @Test
  void ordersBySemverPrecedence() {
    List<String> expected = List.of("0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
        "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.9", "1.0.0-beta.10", "1.0.0-beta.11", "1.0.0-rc.0",
        "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.10.0", "2.0.0", "10.0.0");
    List<Version> shuffled = new ArrayList<>(expected.stream().map(Version::parse).toList());
    Collections.shuffle(shuffled, new Random(42));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "1.0.0-beta.9, 1.0.0-beta.10",
      "1.0.0-beta.10, 1.0.0-rc.0",
      "1.0.0-rc.0, 1.0.0",
      "1.0.0, 1.0.1",
      "1.0.1, 1.10.0",
      "1.9.0, 1.10.0",
      "1.0.0-2, 1.0.0-10",     // numeric identifiers compare numerically
      "1.0.0-10, 1.0.0-a",     // numeric identifiers are below alphanumeric ones
      "1.0.0-999, 1.0.0-0a",   // an identifier with a letter is alphanumeric
      "1.0.0-Z, 1.0.0-a",      // alphanumeric identifiers compare in ASCII order
      "1.0.0-a-b, 1.0.0-ab",   // '-' sorts before letters in ASCII
      "1.0.0-alpha, 1.0.0-alpha.0", // a longer list of identifiers wins when the prefix is equal
      "1.0.0-alpha.0.0.a, 1.0.0-alpha.z", // the first differing identifier decides
      "0.0.0-1, 0.0.0"
  })
  void lowerIsBelowHigher(String lower, String higher) {
    Version low = Version.parse(lower);
    Version high = Version.parse(higher);
    assertThat(low.compareTo(high)).isNegative();
    assertThat(high.compareTo(low)).isPositive();
  }

  @Test
  void numericIdentifiersBeyondLongRangeCompareNumerically() {
    assertThat(Version.parse("1.0.0-99999999999999999999"))
        .isGreaterThan(Version.parse("1.0.0-9999999999999999999"));
  }

  @Test
  void equalVersionsCompareEqualAndAreEqual() {
    Version a = Version.parse("1.0.0-beta.10");
    Version b = Version.parse("1.0.0-beta.10");
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void preReleaseListIsImmutableCopy() {
    List<String> pre = new ArrayList<>(List.of("beta", "1"));
    Version v = new Version(BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, pre);
    pre.add("2");
    assertThat(v.preRelease()).containsExactly("beta", "1");
    assertThatThrownBy(() -> v.preRelease().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(v).hasToString("1.0.0-beta.1");
  }

  // ---- AlterationVersion ----

  @Test
  void nextIsAboveEveryRelease() {
    for (String text : List.of("0.0.0", "1.0.0-rc.0", "1.0.0", "999999999.999999.99999")) {
      AlterationVersion release = AlterationVersion.of(Version.parse(text));
      assertThat(AlterationVersion.NEXT.compareTo(release)).isPositive();
      assertThat(release.compareTo(AlterationVersion.NEXT)).isNegative();
    }
    assertThat(AlterationVersion.NEXT.compareTo(AlterationVersion.NEXT)).isZero();
  }

  @Test
  void alterationVersionsOrderLikeTheirReleases() {
    AlterationVersion beta = AlterationVersion.of(Version.parse("1.0.0-beta.9"));
    AlterationVersion beta10 = AlterationVersion.of(Version.parse("1.0.0-beta.10"));
    assertThat(beta).isLessThan(beta10);
    assertThat(beta10.compareTo(AlterationVersion.of(Version.parse("1.0.0-beta.10")))).isZero();
  }

  @Test
  void nextProperties() {
    assertThat(AlterationVersion.NEXT.isNext()).isTrue();
    assertThat(AlterationVersion.NEXT.release()).isEmpty();
    assertThat(AlterationVersion.NEXT).hasToString("next");
    assertThat(new AlterationVersion(Optional.empty())).isEqualTo(AlterationVersion.NEXT);
    assertThat(AlterationVersion.NEXT.isAtOrBelow(Version.parse("999.0.0"))).isFalse();
  }

  @Test
  void releaseProperties() {
    AlterationVersion v = AlterationVersion.of(Version.parse("1.2.0"));
    assertThat(v.isNext()).isFalse();
    assertThat(v).hasToString("1.2.0");
    assertThat(v.isAtOrBelow(Version.parse("1.2.0"))).isTrue();
    assertThat(v.isAtOrBelow(Version.parse("1.10.0"))).isTrue();
    assertThat(v.isAtOrBelow(Version.parse("1.1.9"))).isFalse();
    assertThat(v.isAtOrBelow(Version.parse("1.2.0-rc.1"))).isFalse();
  }

  // ---- properties ----

  /** The grammar of semantic versioning 2.0.0 (without build metadata), written here independently of {@link Version}. */
  private static final java.util.regex.Pattern SEMVER;

  static {
    String number = "0|[1-9]\\d*";
    String identifier = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
    SEMVER = java.util.regex.Pattern.compile("(" + number + ")\\.(" + number + ")\\.(" + number + ")"
        + "(?:-(" + identifier + "(?:\\." + identifier + ")*))?");
  }

  /** {@link Version} accepts exactly what the grammar accepts and reads the same parts. */
  @Property(tries = 3000)
  void parsingAgreesWithThePattern(@ForAll("versionLike") String text) {
    java.util.regex.Matcher m = SEMVER.matcher(text);
    assertThat(Version.isValid(text)).as(text).isEqualTo(m.matches());
    if (m.matches()) {
      Version v = Version.parse(text);
      assertThat(v.major()).isEqualTo(new BigInteger(m.group(1)));
      assertThat(v.minor()).isEqualTo(new BigInteger(m.group(2)));
      assertThat(v.patch()).isEqualTo(new BigInteger(m.group(3)));
      assertThat(v.preRelease()).isEqualTo(m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")));
      assertThat(v).hasToString(text);
    } else {
      assertThatThrownBy(() -> Version.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Strings near the grammar: numbers with and without leading zeros, identifiers, separators, strays. */
  @Provide
  Arbitrary<String> versionLike() {
    Arbitrary<String> number = Arbitraries.oneOf(
        Arbitraries.of("0", "1", "9", "10", "00", "01", "007", "", "x", "1a", "99999999999999999999"),
        Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
    Arbitrary<String> identifier = Arbitraries.oneOf(
        Arbitraries.of("0", "00", "01", "10", "alpha", "beta", "rc", "-", "--", "0a", "a0", "x-y", "A", "Z9",
            "", "é", "_", "+", " ", "٣"),
        Arbitraries.strings().withChars("0123456789aZ-").ofMinLength(0).ofMaxLength(4));
    Arbitrary<String> preRelease = identifier.list().ofMinSize(1).ofMaxSize(4).map(ids -> String.join(".", ids));
    Arbitrary<String> dot = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(10, "."), net.jqwik.api.Tuple.of(1, ""), net.jqwik.api.Tuple.of(1, ".."),
        net.jqwik.api.Tuple.of(1, "-"));
    Arbitrary<String> tail = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(6, preRelease.map(p -> "-" + p)),
        net.jqwik.api.Tuple.of(1, preRelease.map(p -> "+" + p)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(".", "-", ".0", " ", "\n", "_rc.1")));
    Arbitrary<String> shaped = Combinators.combine(number, dot, number, dot, number, tail)
        .as((a, d1, b, d2, c, t) -> a + d1 + b + d2 + c + t);
    Arbitrary<String> loose = Arbitraries.strings().withChars("0123456789.-aZ+_ ").ofMinLength(0).ofMaxLength(12);
    return Arbitraries.oneOf(shaped, shaped, loose);
  }

  @Provide
  Arbitrary<Version> versions() {
    Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(12));
    Arbitrary<String> numeric = Arbitraries.integers().between(0, 12).map(String::valueOf);
    Arbitrary<String> alpha = Arbitraries.of("alpha", "beta", "rc", "x-y", "0a", "A", "-", "b");
    Arbitrary<List<String>> pre = Arbitraries.oneOf(numeric, alpha).list().ofMaxSize(3);
    return Combinators.combine(small, small, small, pre).as(Version::new);
  }

  @Provide
  Arbitrary<AlterationVersion> alterationVersions() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, versions().map(AlterationVersion::of)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(AlterationVersion.NEXT)));
  }

  @Property
  void toStringRoundTrips(@ForAll("versions") Version v) {
    assertThat(Version.isValid(v.toString())).isTrue();
    Version reparsed = Version.parse(v.toString());
    assertThat(reparsed).isEqualTo(v);
    assertThat(reparsed.compareTo(v)).isZero();
  }

  @Property
  void compareToIsAntisymmetric(@ForAll("versions") Version a, @ForAll("versions") Version b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
  }

  @Property
  void compareToIsTransitive(@ForAll("versions") Version a, @ForAll("versions") Version b,
      @ForAll("versions") Version c) {
    List<Version> sorted = new ArrayList<>(List.of(a, b, c));
    Collections.sort(sorted);
    assertThat(sorted.get(0).compareTo(sorted.get(1))).isNotPositive();
    assertThat(sorted.get(1).compareTo(sorted.get(2))).isNotPositive();
    assertThat(sorted.get(0).compareTo(sorted.get(2))).isNotPositive();
  }

  @Property
  void compareToAgreesWithParsedToString(@ForAll("versions") Version a, @ForAll("versions") Version b) {
    assertThat(Integer.signum(Version.parse(a.toString()).compareTo(Version.parse(b.toString()))))
        .isEqualTo(Integer.signum(a.compareTo(b)));
  }

  @Property
  void releaseIsAboveItsPreReleases(@ForAll("versions") Version v) {
    Version release = new Version(v.major(), v.minor(), v.patch(), List.of());
    if (v.isPreRelease()) {
      assertThat(v).isLessThan(release);
    } else {
      assertThat(v).isEqualByComparingTo(release);
    }
  }

  @Property
  void alterationVersionCompareIsAntisymmetricAndTransitive(@ForAll("alterationVersions") AlterationVersion a,
      @ForAll("alterationVersions") AlterationVersion b, @ForAll("alterationVersions") AlterationVersion c) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).isNotPositive();
    }
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    if (!a.isNext()) {
      assertThat(a).isLessThan(AlterationVersion.NEXT);
      assertThat(a.isAtOrBelow(a.release().orElseThrow())).isTrue();
    }
  }
}
