package io.logto.db.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How sizes and row counts are written next to a hazard. */
class BlastRadiusTest {
  @Test
  void bytes() {
    assertThat(BlastRadius.bytes(8192)).isEqualTo("8.0 kB");
    assertThat(BlastRadius.bytes(512)).isEqualTo("512 bytes");
    assertThat(BlastRadius.bytes(2_254_857_830L)).isEqualTo("2.1 GB");
    assertThat(BlastRadius.bytes(38_797_312L)).isEqualTo("37 MB");
  }

  @Test
  void rows() {
    assertThat(BlastRadius.rows(1)).isEqualTo("1 row");
    assertThat(BlastRadius.rows(5000)).isEqualTo("5000 rows");
    assertThat(BlastRadius.rows(14_000_000)).isEqualTo("about 14 million rows");
    assertThat(BlastRadius.rows(20_000)).isEqualTo("about 20 thousand rows");
    assertThat(BlastRadius.rows(2_500_000)).isEqualTo("about 2.5 million rows");
  }
}
