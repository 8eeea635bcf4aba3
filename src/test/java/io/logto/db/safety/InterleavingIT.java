package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Different commands racing on one database, each a separate JVM running the packaged jar. The
 * invariant, checked after every round: table {@code rN} exists exactly when script N is at or
 * below the state; the journal's last entry for a script is an {@code up} exactly when it is at or
 * below the state; no advisory lock is left. A command whose plan the other direction overtook
 * stops with exit 5 and says that running it again is safe.
 *
 * <p>{@code -Dinterleavings.rounds=N} (default 10) and {@code -Dinterleavings.seed=S} set the
 * randomised test's length and seed; {@code scripts/soak} runs a long one.
 */
class InterleavingIT {
  static final int SCRIPTS = 6;
  static final int STATE_MOVED = 5;

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  /** Scripts r1..rN: each creates its table; {@code sleepUp}/{@code sleepDown} scripts sleep that long first. */
  private void history(int count, Set<Integer> sleepUp, Set<Integer> sleepDown, double seconds) {
    for (int n = 1; n <= count; n++) {
      String up = (sleepUp.contains(n) ? "select pg_sleep(" + seconds + ");\n" : "") + "create table r" + n + " (id int);";
      String down = (sleepDown.contains(n) ? "select pg_sleep(" + seconds + ");\n" : "") + "drop table r" + n + ";";
      Fixtures.script(alterations, Logto.fileName(n), up, down);
    }
  }

  private String[] command(String... args) {
    List<String> all = new ArrayList<>(List.of("db", "alt"));
    all.addAll(List.of(args));
    all.addAll(List.of("--db-url", db.url(), "--alterations", alterations.toString()));
    return all.toArray(String[]::new);
  }

  /** The first case: a rollback started while a deploy runs. */
  @Test
  void aRollbackStartedDuringADeployNeverLeavesTablesAboveTheState() throws Exception {
    history(5, Set.of(2, 4), Set.of(), 3);
    Logto.Started deploy = Logto.start(temp.resolve("deploy"), command("deploy", "latest"));
    Thread.sleep(4000);
    Logto.Run rollback = Logto.run(temp.resolve("rollback"), command("rollback", "0.0.0", "--yes"));
    Logto.Run deployed = deploy.await();

    assertConsistent(5, "deploy:\n" + deployed + "\nrollback:\n" + rollback);
    assertThat(List.of(deployed.exit(), rollback.exit())).as(deployed + "\n" + rollback).contains(STATE_MOVED);
    Logto.Run stopped = deployed.exit() == STATE_MOVED ? deployed : rollback;
    assertThat(stopped.errorLines()).as(stopped.toString()).singleElement().asString()
        .contains("Stopped: another logto").contains("Run the same command again");
    // and the database still deploys: nothing above the state blocks it
    Logto.Run again = Logto.run(temp.resolve("again"), command("deploy", "latest"));
    assertThat(again.exit()).as(again.toString()).isZero();
    assertConsistent(5, again.toString());
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(5));
  }

  /** The second case: a deploy started while a rollback runs. */
  @Test
  void aDeployStartedDuringARollbackNeverMovesTheStateOverRevertedScripts() throws Exception {
    history(5, Set.of(), Set.of(3), 4);
    Logto.Run first = Logto.run(temp.resolve("first"), command("deploy", "1.0.3"));
    assertThat(first.exit()).as(first.toString()).isZero();
    Logto.Started rollback = Logto.start(temp.resolve("rollback"), command("rollback", "0.0.0", "--yes"));
    Thread.sleep(1500);
    Logto.Run deploy = Logto.run(temp.resolve("deploy"), command("deploy", "latest"));
    Logto.Run rolledBack = rollback.await();

    assertConsistent(5, "rollback:\n" + rolledBack + "\ndeploy:\n" + deploy);
    assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(STATE_MOVED);
    assertThat(deploy.errorLines()).singleElement().asString()
        .contains("another logto rolled the database back").contains("Run the same command again");
    assertThat(rolledBack.exit()).as(rolledBack.toString()).isZero();
    Logto.Run status = Logto.run(temp.resolve("status"), command("status"));
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.all()).doesNotContain("merged late").doesNotContain("up to date");
  }

  /**
   * Rounds of four random commands at once (deploys and rollbacks to random versions, status,
   * check), the invariant checked after each round.
   */
  @Test
  void randomInterleavingsOfDifferentCommandsKeepTheInvariant() throws Exception {
    history(SCRIPTS, Set.of(2, 5), Set.of(3, 4), 0.3);
    int rounds = Integer.getInteger("interleavings.rounds", 10);
    long seed = Long.getLong("interleavings.seed", System.nanoTime());
    Random random = new Random(seed);
    int stoppedCount = 0;
    for (int round = 0; round < rounds; round++) {
      List<String[]> commands = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        commands.add(randomCommand(random, i));
      }
      List<Logto.Started> started = new ArrayList<>();
      for (int i = 0; i < commands.size(); i++) {
        started.add(Logto.start(temp.resolve("r" + round + "p" + i), commands.get(i)));
      }
      StringBuilder all = new StringBuilder("seed " + seed + ", round " + round + "\n");
      List<Logto.Run> runs = new ArrayList<>();
      for (int i = 0; i < started.size(); i++) {
        Logto.Run run = started.get(i).await(Duration.ofSeconds(180));
        runs.add(run);
        all.append("=== ").append(String.join(" ", commands.get(i))).append('\n').append(run).append('\n');
      }
      for (Logto.Run run : runs) {
        assertThat(run.exit()).as(all.toString()).isIn(0, STATE_MOVED);
        if (run.exit() == STATE_MOVED) {
          stoppedCount++;
          assertThat(run.errorLines()).as(all.toString()).singleElement().asString().contains("Stopped: another logto");
        }
      }
      assertConsistent(SCRIPTS, all.toString());
    }
    System.out.println("InterleavingIT: " + rounds + " rounds, seed " + seed + ", " + stoppedCount
        + " commands stopped because the state moved the other way");
  }

  private String[] randomCommand(Random random, int slot) {
    int kind = slot < 2 ? slot : random.nextInt(6); // at least one deploy and one rollback per round
    return switch (kind) {
      case 0, 2 -> command("deploy", random.nextInt(4) == 0 ? "latest" : "1.0." + (1 + random.nextInt(SCRIPTS)));
      case 1, 3 -> command("rollback", random.nextInt(3) == 0 ? "0.0.0" : "1.0." + random.nextInt(SCRIPTS), "--yes");
      case 4 -> command("status");
      default -> new String[] {"db", "alt", "check", "--alterations", alterations.toString(), "--db-url", db.url()};
    };
  }

  /** The invariant: tables, journal and state agree, and no lock is left. */
  private void assertConsistent(int count, String context) {
    BigDecimal state = db.stateTimestamp();
    Set<String> expected = new TreeSet<>();
    Set<String> journalUp = new TreeSet<>();
    for (int n = 1; n <= count; n++) {
      if (Logto.timestamp(n).compareTo(state) <= 0) {
        expected.add("r" + n);
        journalUp.add(Logto.fileName(n));
      }
    }
    assertThat(new TreeSet<>(Logto.userTables(db))).as("tables at state " + state + "\n" + context)
        .isEqualTo(expected);
    List<String> lastUp = db.query("select script from (select distinct on (script) script, direction"
        + " from logto_alteration_journal order by script, id desc) last where direction in ('up', 'baseline')"
        + " order by script");
    assertThat(new TreeSet<>(lastUp)).as("journal's applied scripts at state " + state + "\n" + context)
        .isEqualTo(journalUp);
    assertThat(Logto.advisoryLocks(db)).as("advisory locks left\n" + context).isZero();
  }
}
