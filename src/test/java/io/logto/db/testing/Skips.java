package io.logto.db.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assumptions that say why they skip. Use them in {@code @BeforeEach}, never {@code @BeforeAll}:
 * Maven's failsafe and surefire count a class whose {@code @BeforeAll} assumption failed as
 * "Tests run: 0, Skipped: 0", a silent pass; from {@code @BeforeEach} each test is reported as
 * skipped, with the reason in target/failsafe-reports/. The reason is also printed once on stderr,
 * so it shows in the build's output next to the count.
 */
public final class Skips {
  private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

  private Skips() {}

  /** Skips the test unless {@code condition}, saying {@code reason}. */
  public static void unless(boolean condition, String reason) {
    if (!condition && SAID.add(reason)) {
      System.err.println("[skipped] " + reason);
    }
    assumeTrue(condition, reason);
  }
}
