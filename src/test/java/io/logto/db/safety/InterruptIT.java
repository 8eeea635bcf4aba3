package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.run.AdvisoryLock;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT cancel the running statement, so its alteration rolls back and the process
 * exits 143 / 130; a lost connection exits 1. Either way the database holds exactly the
 * alterations committed before and a re-run continues.
 */
class InterruptIT {
  private static final String SLEEP = "select pg_sleep(30);";

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;
  private String[] deploy;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, 3, "");
    writeSecond(SLEEP);
    deploy = new String[] {"db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", alterations.toString()};
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private void writeSecond(String extra) {
    Fixtures.script(alterations, Logto.fileName(2), "create table t2 (id int primary key);\n" + extra,
        "drop table t2;");
  }

  /** Starts the deploy and waits until script 2 sits in pg_sleep; returns the process. */
  private Logto.Started startAndWaitForSleep() {
    Logto.Started started = Logto.start(temp.resolve("run"), deploy);
    boolean sleeping = Logto.poll(Duration.ofSeconds(30), () -> !sleepingPids().isEmpty() || !started.process.isAlive());
    assertThat(sleeping && started.process.isAlive()).as("logto reached pg_sleep; " + started.stderrSoFar()).isTrue();
    return started;
  }

  private List<String> sleepingPids() {
    return db.query("select pid from pg_stat_activity where application_name = 'logto'"
        + " and datname = current_database() and query ilike '%pg_sleep(30)%' and state = 'active'");
  }

  /** Only script 1 is applied, nothing is left behind, and a re-run (without the sleep) finishes. */
  private void assertFirstOnlyThenReRunContinues(Logto.Run run) {
    assertThat(Logto.poll(Duration.ofSeconds(10), () -> Logto.logtoSessions(db) == 0)).as("sessions end").isTrue();
    assertThat(db.stateTimestamp()).as(run.toString()).isEqualByComparingTo(Logto.timestamp(1));
    assertThat(Logto.userTables(db)).as(run.toString()).containsExactly("t1");
    assertThat(Logto.advisoryLocks(db)).isZero();
    assertThat(run.err()).doesNotContain("\tat ");

    writeSecond("select pg_sleep(0);");
    Logto.Run rerun = Logto.run(temp.resolve("rerun"), deploy);
    assertThat(rerun.exit()).as(rerun.toString()).isZero();
    assertThat(Logto.succeeded(List.of(rerun), "up")).as(rerun.toString()).isEqualTo(2);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(3));
    assertThat(Logto.userTables(db)).containsExactly("t1", "t2", "t3");
  }

  private static void assertCancelledAndRolledBack(Logto.Run run) {
    assertThat(run.err()).as(run.toString()).containsIgnoringCase("cancel").contains(Logto.fileName(2));
    assertThat(run.err()).as(run.toString()).containsAnyOf("rolled back", "didn't change anything");
  }

  /**
   * A server that does not answer (its backend stopped with SIGSTOP): SIGTERM still ends the
   * process within the grace period, and once the backend runs again the alteration is rolled back.
   */
  @Test
  void sigtermEndsTheProcessWithinTheGracePeriodWhenTheServerDoesNotAnswer() throws Exception {
    Logto.Started started = startAndWaitForSleep();
    String backend = sleepingPids().get(0);
    signal("STOP", backend);
    try {
      long start = System.nanoTime();
      started.process.destroy(); // SIGTERM
      Logto.Run run = started.await(Duration.ofSeconds(40));
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

      assertThat(run.exit()).as(run.toString()).isEqualTo(143);
      assertThat(seconds).as("seconds from SIGTERM to exit").isLessThan(30);
      assertThat(run.err()).as(run.toString()).contains("did not end the cancelled statement within 10s");
      signal("CONT", backend);
      assertFirstOnlyThenReRunContinues(run);
    } finally {
      new ProcessBuilder("kill", "-CONT", backend).start().waitFor(10, TimeUnit.SECONDS); // in case an assertion failed
    }
  }

  private static void signal(String name, String pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + name + " " + pid).isTrue();
  }

  @Test
  void sigtermCancelsTheRunningAlterationAndExits143() {
    Logto.Started started = startAndWaitForSleep();
    started.process.destroy(); // SIGTERM
    Logto.Run run = started.await(Duration.ofSeconds(20));

    assertThat(run.exit()).as(run.toString()).isEqualTo(143);
    assertCancelledAndRolledBack(run);
    assertFirstOnlyThenReRunContinues(run);
  }

  @Test
  void sigintCancelsTheRunningAlterationAndExits130() throws Exception {
    Logto.Started started = startAndWaitForSleep();
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(started.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT").isTrue();
    Logto.Run run = started.await(Duration.ofSeconds(20));

    assertThat(run.exit()).as(run.toString()).isEqualTo(130);
    assertCancelledAndRolledBack(run);
    assertFirstOnlyThenReRunContinues(run);
  }

  @Test
  void lostConnectionExitsOneAndKeepsWhatWasCommitted() {
    Logto.Started started = startAndWaitForSleep();
    List<String> terminated = db.query("select pg_terminate_backend(pid) from pg_stat_activity"
        + " where application_name = 'logto' and datname = current_database() and query ilike '%pg_sleep(30)%'");
    assertThat(terminated).contains("t");
    Logto.Run run = started.await(Duration.ofSeconds(20));

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.errorLines()).as(run.toString()).singleElement().asString()
        .contains("Lost the connection").contains(Logto.fileName(2));
    // the commit may travel with the section, so the report does not claim nothing changed
    assertThat(run.err()).as(run.toString()).contains("applied in full or not at all")
        .contains("continues from where the state row stands").doesNotContain("didn't change anything");
    assertFirstOnlyThenReRunContinues(run);
  }

  /** A deployer waiting for another's alteration lock (not running any alteration) must stop on SIGTERM too. */
  @Test
  void sigtermWhileWaitingForTheAlterationLockExitsPromptly() throws Exception {
    try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
      st.execute("select pg_advisory_lock(" + AdvisoryLock.KEY + ")");
      Logto.Started started = Logto.start(temp.resolve("run"), concat(deploy, "--lock-wait", "60s"));
      assertThat(Logto.poll(Duration.ofSeconds(30), () -> started.stderrSoFar().contains("Waiting for the alteration lock")
          || !started.process.isAlive())).isTrue();
      assertThat(started.process.isAlive()).as(started.stderrSoFar()).isTrue();

      started.process.destroy(); // SIGTERM
      Logto.Run run = started.await(Duration.ofSeconds(15));

      assertThat(run.exit()).as(run.toString()).isEqualTo(143);
      assertThat(run.err()).as(run.toString()).doesNotContain("\tat ");
    }
    assertThat(db.stateTimestamp()).isNull();
    assertThat(Logto.userTables(db)).isEmpty();
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
