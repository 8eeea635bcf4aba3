package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsageHintsTest {
  private static final List<String> COMMANDS = List.of("deploy", "rollback", "r", "list", "ls", "status", "new",
      "release", "check");

  @Test
  void aSwapOfNeighboursIsOneEdit() {
    assertThat(UsageHints.distance("deplyo", "deploy")).isEqualTo(1);
    assertThat(UsageHints.distance("deploy", "deploy")).isZero();
    assertThat(UsageHints.distance("", "new")).isEqualTo(3);
    assertThat(UsageHints.distance("rollbakc", "rollback")).isEqualTo(1);
  }

  @Test
  void theClosestCommandWithinATypoOrNone() {
    assertThat(UsageHints.closest("deplyo", COMMANDS)).isEqualTo("deploy");
    assertThat(UsageHints.closest("deploi", COMMANDS)).isEqualTo("deploy");
    assertThat(UsageHints.closest("rolback", COMMANDS)).isEqualTo("rollback");
    assertThat(UsageHints.closest("stauts", COMMANDS)).isEqualTo("status");
    assertThat(UsageHints.closest("frobnicate", COMMANDS)).isNull();
    assertThat(UsageHints.closest("x", COMMANDS)).as("a short alias is no suggestion for any letter").isNull();
    assertThat(UsageHints.closest("--dry-rnu", List.of("--dry-run", "--db-url", "-q"))).isEqualTo("--dry-run");
  }
}
