package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.CliRunner;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hazard analysis must not make {@code check} of the shipped history more than 1.5 times slower
 * than without it. Both are measured in one run, alternating (so a busy machine slows both alike),
 * and their medians compared; without it means {@code --hazards off}, which runs the check as it was
 * before the analysis existed. docs/performance.md has the numbers against the build before it.
 */
class HazardsTimingTest {
  private static final int RUNS = 5;

  @Test
  void theAnalysisCostsLessThanHalfOfTheCheck() {
    try (TestDatabase server = TestPostgres.createDatabase()) {
      check(server, "off"); // warm up the JVM's code paths for both
      check(server, "fail");
      List<Long> without = new ArrayList<>();
      List<Long> with = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        without.add(check(server, "off"));
        with.add(check(server, "fail"));
      }
      assertThat((double) median(with)).as("median ms with the analysis %s, without %s", with, without)
          .isLessThanOrEqualTo(1.5 * median(without));
    }
  }

  private static long check(TestDatabase server, String hazards) {
    long start = System.nanoTime();
    CliRunner.Result result = new CliRunner().run("db", "alt", "check", "--scratch-url", server.url(), "--hazards",
        hazards);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
