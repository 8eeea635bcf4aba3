package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.Skips;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying through PgBouncer in transaction pooling mode (each transaction may land on another
 * server connection): the transaction-scoped advisory lock must still serialise deployers, and a
 * {@code before-up} section (session lock, no transaction) must be refused. Skipped when
 * {@code pgbouncer} is not installed.
 */
class PgBouncerIT {
  private static PgBouncer bouncer;

  @TempDir
  Path temp;

  private TestDatabase db;

  /** Why PgBouncer cannot run here, or null when it runs. */
  private static String missing;

  @BeforeAll
  static void startPgBouncer() {
    Logto.jar();
    Optional<Path> executable = PgBouncer.find();
    if (executable.isEmpty()) {
      missing = "PgBouncerIT: pgbouncer is not installed (apt-get install pgbouncer)";
    } else if ("root".equals(System.getProperty("user.name")) && !PgBouncer.postgresUserExists()) {
      missing = "PgBouncerIT: pgbouncer refuses to run as root and there is no postgres user to run it as";
    } else {
      try (TestDatabase probe = TestPostgres.createDatabase()) {
        bouncer = PgBouncer.start(executable.get(), probe.host(), probe.port());
      }
    }
  }

  @AfterAll
  static void stopPgBouncer() {
    if (bouncer != null) {
      bouncer.close();
    }
  }

  @BeforeEach
  void createDatabase() {
    Skips.unless(missing == null, missing); // here, not in @BeforeAll: each test is then reported as skipped
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close(); // drop ... with (force) also ends PgBouncer's server connections to it
    }
  }

  @Test
  void concurrentDeployersThroughTransactionPoolingApplyEveryScriptOnce() {
    concurrentDeployers(bouncer.url(db.name()));
  }

  /** The same with the driver's named prepared statements turned off in the URL: the locking itself holds. */
  @Test
  void concurrentDeployersWithPrepareThresholdZeroApplyEveryScriptOnce() {
    concurrentDeployers(bouncer.url(db.name()) + "?prepareThreshold=0");
  }

  private void concurrentDeployers(String url) {
    Path alterations = temp.resolve("alterations");
    Logto.loggedHistory(alterations, ConcurrencyIT.SCRIPTS);

    List<Logto.Run> runs = Logto.together(temp, ConcurrencyIT.DEPLOYERS, "db", "alt", "deploy", "next",
        "--db-url", url, "--alterations", alterations.toString());

    String all = Logto.describe(runs) + bouncer.log();
    assertThat(runs).as(all).allSatisfy(r -> assertThat(r.exit()).as(r.toString()).isZero());
    assertThat(db.query("select script, count(*) from applied_log group by script order by script"))
        .as("applied_log: every script exactly once\n" + all).isEqualTo(ConcurrencyIT.exactlyOnce());
    assertThat(Logto.succeeded(runs, "up")).as(all).isEqualTo(ConcurrencyIT.SCRIPTS);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(ConcurrencyIT.SCRIPTS));
    assertThat(bouncer.log()).as("the deployers went through PgBouncer").contains("db=" + db.name());
  }

  private static void writeBeforeUp(Path alterations, int n) {
    Fixtures.write(alterations, Logto.fileName(n), String.join("\n",
        "-- alteration:before-up",
        "create index concurrently if not exists t1_id_idx on t1 (id);",
        "-- alteration:up",
        "create table t" + n + " (id int primary key);",
        "-- alteration:down",
        "drop table t" + n + ";",
        "drop index t1_id_idx;",
        ""));
  }

  @Test
  void beforeUpSectionIsRefusedThroughThePoolerAndChangesNothing() {
    Path alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, 1, "");
    Logto.Run direct = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(direct.exit()).as(direct.toString()).isZero();
    writeBeforeUp(alterations, 2);
    String snapshot = db.schemaSnapshot();
    BigDecimal state = db.stateTimestamp();

    Logto.Run run = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", bouncer.url(db.name()),
        "--alterations", alterations.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).as(run.toString()).containsIgnoringCase("pooler").contains(Logto.fileName(2));
    assertThat(run.err()).as(run.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(db.schemaSnapshot()).isEqualTo(snapshot);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(state);
    assertThat(Logto.advisoryLocks(db)).isZero();

    // the same script deploys when pointed at the server itself
    Logto.Run again = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(2));
    assertThat(db.query("select indexname from pg_indexes where indexname = 't1_id_idx'")).hasSize(1);
  }

  /** The library finds the pooler from its DataSource's URL and refuses as the command line does. */
  @Test
  void theLibraryRefusesABeforeUpSectionThroughThePoolerWithTheCommandLinesMessage() {
    Path alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, 1, "");
    writeBeforeUp(alterations, 2);
    Logto.Run cli = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", bouncer.url(db.name()),
        "--alterations", alterations.toString());
    org.postgresql.ds.PGSimpleDataSource pooled = new org.postgresql.ds.PGSimpleDataSource();
    pooled.setUrl("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/" + db.name() + "?prepareThreshold=0");
    pooled.setUser("postgres");

    io.logto.db.error.LogtoException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> io.logto.db.api.Logto.builder(pooled).alterations(alterations).build().deploy("next"),
        io.logto.db.error.LogtoException.class);

    assertThat(cli.exit()).as(cli.toString()).isEqualTo(2);
    assertThat(thrown).isNotNull();
    assertThat(thrown.code().exitCode()).isEqualTo(2);
    assertThat(cli.errorLines()).singleElement().isEqualTo("[error] " + thrown.getMessage());
    assertThat(db.tables()).doesNotContain("t1", "t2");
  }

  /**
   * A plan whose later script has a before-up section cannot finish through the pooler, so it must
   * be refused before anything runs, not after the earlier scripts were applied.
   */
  @Test
  void planWithABeforeUpScriptIsRefusedThroughThePoolerBeforeAnythingRuns() {
    Path alterations = temp.resolve("alterations");
    Logto.simpleHistory(alterations, 1, "");
    Logto.Run direct = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(direct.exit()).as(direct.toString()).isZero();
    Logto.simpleHistory(alterations, 2, "");
    writeBeforeUp(alterations, 3);
    String snapshot = db.schemaSnapshot();
    BigDecimal state = db.stateTimestamp();

    Logto.Run run = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", bouncer.url(db.name()),
        "--alterations", alterations.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).as(run.toString()).containsIgnoringCase("pooler").contains(Logto.fileName(3));
    assertThat(db.stateTimestamp()).as(run.toString()).isEqualByComparingTo(state);
    assertThat(db.schemaSnapshot()).as(run.toString()).isEqualTo(snapshot);
  }

  /**
   * Through transaction pooling, each transaction may run on another server connection and the next
   * client gets it afterwards: a script's {@code set role} must not reach those clients.
   */
  @Test
  void aRoleSetByAScriptDoesNotReachOtherClientsOfThePooler() throws Exception {
    String role = "pooled_" + db.name().substring(db.name().length() - 8);
    db.execute("create role " + role + "; grant create on schema public to " + role);
    try {
      Path alterations = temp.resolve("alterations");
      for (int n = 1; n <= 3; n++) {
        Fixtures.script(alterations, Logto.fileName(n), "set role " + role + ";\ncreate table t" + n + " (id int);",
            "drop table t" + n + ";");
      }
      Logto.Run run = Logto.run(temp, "db", "alt", "deploy", "next", "--db-url", bouncer.url(db.name()),
          "--alterations", alterations.toString());
      assertThat(run.exit()).as(run.toString()).isZero();

      // hold many clients at once, so together they get every server connection of the pool
      List<java.sql.Connection> clients = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          java.sql.Connection client = bouncer.connect(db.name());
          client.setAutoCommit(false);
          clients.add(client);
        }
        for (java.sql.Connection client : clients) {
          try (var st = client.createStatement(); var rs = st.executeQuery("select current_user")) {
            rs.next();
            assertThat(rs.getString(1)).as("a pooled client's user after the deploy").isEqualTo("postgres");
          }
        }
      } finally {
        for (java.sql.Connection client : clients) {
          client.close();
        }
      }
      assertThat(db.query("select distinct database_user from logto_alteration_journal")).containsExactly("postgres");
    } finally {
      db.close();
      try (TestDatabase cleanup = TestPostgres.createDatabase()) {
        cleanup.execute("drop role if exists " + role);
      }
      db = TestPostgres.createDatabase();
    }
  }
}
