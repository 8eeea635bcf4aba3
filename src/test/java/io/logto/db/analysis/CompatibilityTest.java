package io.logto.db.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which type changes keep every value an instance of the previous version writes. */
class CompatibilityTest {
  @ParameterizedTest(name = "{0} -> {1}: widens {2}")
  @CsvSource(delimiter = '|', value = {
      "character varying(16)  | character varying(32)  | true",
      "character varying(32)  | character varying(16)  | false",
      "character varying(16)  | text                   | true",
      "character varying(16)  | character varying      | true",
      "text                   | character varying(16)  | false",
      "integer                | bigint                 | true",
      "bigint                 | integer                | false",
      "smallint               | integer                | true",
      "numeric(10,2)          | numeric                | true",
      "numeric(10,2)          | numeric(12,2)          | false",
      "integer                | text                   | false",
      "timestamp with time zone | timestamp without time zone | false",
  })
  void widening(String from, String to, boolean widens) {
    assertThat(Compatibility.widens(from, to)).isEqualTo(widens);
  }
}
