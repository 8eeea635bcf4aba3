package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployer killed with SIGKILL at a random moment (100-1500 ms after it connected) leaves a consistent database: the state row
 * names the last committed alteration, exactly that alteration's tables exist, no lock is left,
 * and running the same command again finishes the job.
 */
class CrashIT {
  private static final int SCRIPTS = 20;
  private static final int RUNS = 30;
  private static final int WORKERS = 2;
  private static final long SEED = 20_261_127L;

  @TempDir
  Path temp;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  /** What one killed run left behind. */
  record Outcome(int run, long delayMillis, int committed) {
    @Override
    public String toString() {
      return run + ":" + delayMillis + ":" + committed;
    }
  }

  @Test
  void killedDeployerLeavesConsistentStateAndReRunFinishes() throws Exception {
    Path alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, SCRIPTS, "select pg_sleep(0.05);");
    Random random = new Random(SEED);
    long[] delays = IntStream.range(0, RUNS).mapToLong(i -> 100 + random.nextInt(1401)).toArray();

    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<Outcome>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < RUNS; i++) {
        int run = i;
        futures.add(pool.submit(() -> killAndCheck(run, delays[run], alterations)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      System.out.println("CrashIT: alterations committed when killed (run:delay ms:committed): " + outcomes);
      // the kills must have hit mid-deploy at least sometimes, or the test proves nothing
      assertThat(outcomes).as("runs killed after some but not all alterations: " + outcomes)
          .filteredOn(o -> o.committed() > 0 && o.committed() < SCRIPTS).hasSizeGreaterThanOrEqualTo(RUNS / 3);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void waitForFirstSession(TestDatabase db, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity"
        + " where application_name = 'logto' and datname = current_database()")) {
      while (process.isAlive() && System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("the deployer never connected (alive: " + process.isAlive() + ")");
  }

  private Outcome killAndCheck(int run, long delayMillis, Path alterations) throws InterruptedException {
    try (TestDatabase db = TestPostgres.createDatabase()) {
      Path dir = temp.resolve("run" + run);
      String[] deploy = {"db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", alterations.toString()};
      Logto.Started started = Logto.start(dir, deploy);
      // the delay counts from the deployer's first connection, so that the kills land in its work, not in JVM start-up
      waitForFirstSession(db, started.process);
      Thread.sleep(delayMillis);
      started.process.destroyForcibly().waitFor();
      String context = "run " + run + " killed " + delayMillis + " ms after connecting; stderr so far:\n"
          + started.stderrSoFar();

      assertThat(Logto.poll(Duration.ofSeconds(10), () -> Logto.logtoSessions(db) == 0))
          .as("the killed deployer's sessions end; " + context).isTrue();

      List<String> tables = Logto.userTables(db);
      int committed = tables.size();
      assertThat(tables).as("tables of a prefix of the history; " + context)
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, committed).mapToObj(n -> "t" + n).toList());
      BigDecimal state = db.stateTimestamp();
      if (committed == 0) {
        assertThat(state).as("no alteration committed, no state; " + context).isNull();
      } else {
        assertThat(state).as("state = last committed alteration; " + context)
            .isEqualByComparingTo(Logto.timestamp(committed));
      }
      assertThat(Logto.advisoryLocks(db)).as("advisory locks left; " + context).isZero();

      Logto.Run rerun = Logto.run(dir, deploy);
      assertThat(rerun.exit()).as("re-run after " + context + "\n" + rerun).isZero();
      assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(SCRIPTS));
      assertThat(Logto.userTables(db)).hasSize(SCRIPTS);
      assertThat(Logto.succeeded(List.of(rerun), "up")).as(rerun.toString()).isEqualTo(SCRIPTS - committed);
      return new Outcome(run, delayMillis, committed);
    }
  }
}
