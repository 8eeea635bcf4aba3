package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.CliRunner;
import org.junit.jupiter.api.Test;

/**
 * The project's own CI gate: {@code logto db alteration check} on the shipped {@code alterations/}
 * must find the history sound. Runs the command as users do in their CI: on a throwaway embedded
 * PostgreSQL (no --db-url).
 */
class ShippedAlterationsCheckTest {
  @Test
  void theShippedHistoryIsSound() {
    // no --alterations: the class path, so the shipped Java alteration takes part in the round trip
    CliRunner.Result result = new CliRunner().run("db", "alteration", "check");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("10 alterations in 7 versions");
    assertThat(result.out()).contains("[info] Round trip on a throwaway embedded PostgreSQL")
        .contains("[info] The alteration history is sound");
  }
}
