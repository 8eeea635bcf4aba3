package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.run.AdvisoryLock;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock waits: each alteration transaction sets lock_timeout and retries on 55P03 naming who
 * blocks it, so application queries never queue behind our DDL for long; and a deployer gives up
 * (exit 3) when another holds the alteration lock longer than --lock-wait.
 */
class LockTimeoutIT {
  private static final String ALTER = "alter table accounts add column note text;";

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    Fixtures.script(alterations, Logto.fileName(1), "create table accounts (id int primary key);\n"
        + "insert into accounts select generate_series(1, 10);", "drop table accounts;");
    CliRunner.Result first = deploy();
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Fixtures.script(alterations, Logto.fileName(2), ALTER, "alter table accounts drop column note;");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private CliRunner.Result deploy(String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString()));
    args.addAll(List.of(options));
    return new CliRunner().run(args.toArray(String[]::new));
  }

  private Connection connect(String applicationName) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(db.jdbcUrl(), props);
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Begins a transaction on {@code connection} that holds {@code mode} on accounts. */
  private static void lockAccounts(Connection connection, String mode) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("lock table accounts in " + mode + " mode");
    }
  }

  /** True while logto's ALTER TABLE waits for a lock (the query text is the batch that holds it). */
  private boolean ddlWaiting() {
    return !db.query("select pid from pg_stat_activity where application_name = 'logto' and datname = current_database()"
        + " and wait_event_type = 'Lock' and query ilike '%alter table accounts%'").isEmpty();
  }

  private void assertUnchanged(String snapshot, BigDecimal state) {
    assertThat(db.schemaSnapshot()).isEqualTo(snapshot);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(state);
    assertThat(db.columns("accounts")).containsExactly("id:integer");
  }

  @Test
  void retriesUntilTheBlockerReleasesAndNamesIt() throws Exception {
    try (Connection holder = connect("blocker-app")) {
      lockAccounts(holder, "access exclusive");
      int holderPid = pid(holder);
      CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
        sleep(2000);
        commit(holder);
      });

      CliRunner.Result result = deploy("--lock-timeout", "500ms", "--retries", "10");
      release.get(30, TimeUnit.SECONDS);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      List<String> retries = result.err().lines().filter(l -> l.contains("could not get a lock")).toList();
      assertThat(retries).as(result.toString()).isNotEmpty();
      assertThat(retries.get(0)).as(result.toString()).contains("retry 1 of 10").contains("55P03");
      assertThat(retries).as("a retry line names the blocking session\n" + result)
          .anyMatch(l -> l.contains("pid " + holderPid + " ") && l.contains("blocker-app"));
      assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(2));
      assertThat(db.columns("accounts")).containsExactly("id:integer", "note:text");
    }
  }

  /**
   * The holder keeps ACCESS SHARE (a long read, idle in transaction): it blocks our ALTER TABLE but
   * not a plain select, so a select that waits does so only because it queued behind our DDL. With
   * lock_timeout it must get through long before the holder ends. (Under ACCESS EXCLUSIVE the select
   * would wait for the holder itself, whatever logto does.)
   */
  @Test
  void applicationQueriesDoNotQueueBehindWaitingDdlForLong() throws Exception {
    Timeline timeline = raceApplicationQuery("--lock-timeout", "500ms", "--retries", "20");
    assertThat(timeline.deploy.exitCode()).as(timeline.deploy.toString()).isZero();
    assertThat(timeline.queryFinished).as("the application query finished before the holder released its lock,"
        + " not queued behind our DDL; " + timeline).isLessThan(timeline.released);
    assertThat(db.columns("accounts")).containsExactly("id:integer", "note:text");
  }

  /** The control for the test above: without lock_timeout the same query waits for the holder. */
  @Test
  void withoutLockTimeoutTheSameQueryQueuesBehindTheDdl() throws Exception {
    Timeline timeline = raceApplicationQuery("--lock-timeout", "0");
    assertThat(timeline.deploy.exitCode()).as(timeline.deploy.toString()).isZero();
    assertThat(timeline.queryFinished).as(timeline.toString()).isGreaterThan(timeline.released);
  }

  /** When the holder released, when the application query finished, and the deploy's result. */
  record Timeline(long released, long queryFinished, CliRunner.Result deploy) {
    @Override
    public String toString() {
      return "query finished " + (queryFinished - released) / 1_000_000 + " ms after the holder released; deploy: "
          + deploy;
    }
  }

  private Timeline raceApplicationQuery(String... options) throws Exception {
    try (Connection holder = connect("long-reader"); Connection app = connect("application")) {
      lockAccounts(holder, "access share");
      CompletableFuture<CliRunner.Result> deploy = CompletableFuture.supplyAsync(() -> deploy(options));
      assertThat(Logto.poll(Duration.ofSeconds(20), this::ddlWaiting)).as("logto's DDL waits for the lock").isTrue();
      CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("select count(*) from accounts")) {
          rs.next();
          return System.nanoTime();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      sleep(3000);
      long released = System.nanoTime();
      holder.commit();
      long finished = query.get(30, TimeUnit.SECONDS);
      CliRunner.Result result = deploy.get(60, TimeUnit.SECONDS);
      return new Timeline(released, finished, result);
    }
  }

  @Test
  void givesUpAfterTheRetriesNamingTheBlockerAndChangesNothing() throws Exception {
    String snapshot = db.schemaSnapshot();
    BigDecimal state = db.stateTimestamp();
    try (Connection holder = connect("blocker-app")) {
      lockAccounts(holder, "access exclusive");
      int holderPid = pid(holder);

      CliRunner.Result result = deploy("--lock-timeout", "500ms", "--retries", "1");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err()).as(result.toString()).contains(Logto.fileName(2)).contains("55P03")
          .contains("pid " + holderPid + " ").contains("blocker-app");
      holder.rollback();
    }
    assertUnchanged(snapshot, state);
    assertThat(Logto.advisoryLocks(db)).isZero();
  }

  /** A before-up statement runs outside a transaction, but with the same lock timeout and retries. */
  @Test
  void aBeforeUpStatementGivesUpAfterTheLockTimeoutAndRetries() throws Exception {
    Fixtures.write(alterations, Logto.fileName(2), "-- alteration:before-up\n"
        + "alter table accounts add column if not exists early text;\n-- alteration:up\nselect 1;\n"
        + "-- alteration:down\nselect 1;\n");
    String snapshot = db.schemaSnapshot();
    BigDecimal state = db.stateTimestamp();
    try (Connection holder = connect("blocker-app")) {
      lockAccounts(holder, "access share");
      int holderPid = pid(holder);

      CliRunner.Result result = deploy("--lock-timeout", "500ms", "--retries", "1");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err()).as(result.toString()).contains(Logto.fileName(2)).contains("before-up")
          .contains("55P03").contains("retry 1 of 1").contains("pid " + holderPid + " ");
      holder.rollback();
    }
    assertUnchanged(snapshot, state);
    assertThat(Logto.advisoryLocks(db)).isZero();
  }

  /** And the same statement timeout. */
  @Test
  void aBeforeUpStatementIsCancelledAfterTheStatementTimeout() {
    Fixtures.write(alterations, Logto.fileName(2), "-- alteration:before-up\nselect pg_sleep(30);\n"
        + "-- alteration:up\nselect 1;\n-- alteration:down\nselect 1;\n");
    BigDecimal state = db.stateTimestamp();

    CliRunner.Result result = deploy("--statement-timeout", "1s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).as(result.toString()).contains("before-up").contains("57014");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(state);
    assertThat(Logto.advisoryLocks(db)).isZero();
  }

  @Test
  void lockWaitExceededExitsThreeNamingTheHolder() throws Exception {
    String snapshot = db.schemaSnapshot();
    BigDecimal state = db.stateTimestamp();
    try (Connection holder = connect("other-deployer")) {
      int holderPid = pid(holder);
      try (Statement st = holder.createStatement()) {
        st.execute("select pg_advisory_lock(" + AdvisoryLock.KEY + ")");
      }

      CliRunner.Result result = deploy("--lock-wait", "2s");

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      List<String> errors = result.err().lines().filter(l -> l.startsWith("[error]")).toList();
      assertThat(errors).as(result.toString()).singleElement().asString()
          .contains("pid " + holderPid + " ").contains("other-deployer").contains("--lock-wait");
    }
    assertUnchanged(snapshot, state);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void commit(Connection connection) {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
