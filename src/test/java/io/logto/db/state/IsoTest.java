package io.logto.db.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTest {
  @Test
  void formatsLikeJavaScriptsToIsoString() {
    assertThat(Iso.utc(Instant.parse("2024-05-01T02:03:04.123456789Z"))).isEqualTo("2024-05-01T02:03:04.123Z");
    assertThat(Iso.utc(Instant.parse("1999-12-31T23:59:59Z"))).isEqualTo("1999-12-31T23:59:59.000Z");
  }

  @Property
  void whatItWritesReadsBackAsTheSameMillisecond(@ForAll("instants") Instant instant) {
    String text = Iso.utc(instant);
    assertThat(Iso.isPlainUtc(text)).isTrue();
    assertThat(Instant.parse(text)).isEqualTo(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 253402300799L).flatMap(seconds -> Arbitraries.integers()
        .between(0, 999_999_999).map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
  }

  /** The hand check never accepts what java.time rejects. */
  @Property(tries = 3000)
  void acceptsOnlyWhatJavaTimeAccepts(@ForAll("candidates") String text) {
    if (Iso.isPlainUtc(text)) {
      assertThat(parses(text)).as(text).isTrue();
    }
  }

  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> field = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(3);
    return Combinators.combine(Arbitraries.integers().between(0, 9999), field, field, field, field,
        field, Arbitraries.of("", ".", ".5", ".123", ".1234567891", "+01:00", "x"))
        .as((y, mo, d, h, mi, s, tail) -> String.format("%04d-%s-%sT%s:%s:%s%sZ", y, mo, d, h, mi, s, tail));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
      "2024-01-01T00:00:00.Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00", "20240101T000000Z"})
  void rejectsWhatIsNotAPlainUtcInstant(String text) {
    assertThat(Iso.isPlainUtc(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-01-01T00:00:00+01:00", "2016-12-31T23:59:60Z"})
  void otherValidFormsStillPassTheFullCheck(String text) {
    assertThat(LogtoConfigsStateStore.isInstant(text)).isEqualTo(parses(text));
  }

  private static boolean parses(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
