package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several deployers (separate JVMs running the packaged jar) on one database at once: the
 * per-alteration advisory lock and the state re-read under it must apply every script exactly
 * once, whoever runs it.
 */
class ConcurrencyIT {
  static final int SCRIPTS = 15;
  static final int DEPLOYERS = 8;
  static final int ROLLBACKS = 4;

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
    Logto.loggedHistory(alterations, SCRIPTS);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  /** One row per script in applied_log, in order: "n|1". */
  static List<String> exactlyOnce() {
    return IntStream.rangeClosed(1, SCRIPTS).mapToObj(n -> n + "|1").toList();
  }

  @Test
  void concurrentDeployersApplyEveryScriptExactlyOnce() {
    deployTogetherAndCheck();
  }

  /**
   * A database whose sessions default to repeatable read: the state re-read under the lock must
   * still see what the previous lock holder committed (each locking transaction sets read
   * committed), or a deployer would re-run an alteration another one just applied.
   */
  @Test
  void concurrentDeployersApplyEveryScriptExactlyOnceWhenTheDatabaseDefaultsToRepeatableRead() {
    db.execute("alter database \"" + db.name() + "\" set default_transaction_isolation = 'repeatable read'");
    assertThat(db.query("show default_transaction_isolation")).containsExactly("repeatable read");
    deployTogetherAndCheck();
  }

  private void deployTogetherAndCheck() {
    List<Logto.Run> runs = Logto.together(temp, DEPLOYERS,
        "db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", alterations.toString());

    String all = Logto.describe(runs);
    assertThat(runs).as(all).allSatisfy(r -> assertThat(r.exit()).as(r.toString()).isZero());
    assertThat(db.query("select script, count(*) from applied_log group by script order by script"))
        .as("applied_log: every script exactly once\n" + all).isEqualTo(exactlyOnce());
    assertThat(Logto.succeeded(runs, "up")).as("'succeeded' lines over all deployers\n" + all).isEqualTo(SCRIPTS);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(SCRIPTS));
    assertThat(Logto.advisoryLocks(db)).isZero();

    try (TestDatabase reference = TestPostgres.createDatabase()) {
      Logto.Run single = Logto.run(temp.resolve("single"),
          "db", "alt", "deploy", "next", "--db-url", reference.url(), "--alterations", alterations.toString());
      assertThat(single.exit()).as(single.toString()).isZero();
      assertThat(db.schemaSnapshot()).as("schema after concurrent deploys = after one deploy")
          .isEqualTo(reference.schemaSnapshot()).isNotEmpty();
      assertThat(db.tables()).isEqualTo(reference.tables());
    }
  }

  @Test
  void concurrentRollbacksRevertEveryScriptExactlyOnce() {
    Logto.Run deploy = Logto.run(temp.resolve("deploy"),
        "db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", alterations.toString());
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    db.execute("create schema audit; create table audit.down_log (script int not null)");

    List<Logto.Run> runs = Logto.together(temp, ROLLBACKS,
        "db", "alt", "rollback", "0.0.0", "--yes", "--db-url", db.url(), "--alterations", alterations.toString());

    String all = Logto.describe(runs);
    assertThat(runs).as(all).allSatisfy(r -> assertThat(r.exit()).as(r.toString()).isZero());
    assertThat(db.query("select script, count(*) from audit.down_log group by script order by script"))
        .as("down_log: every down section exactly once\n" + all).isEqualTo(exactlyOnce());
    assertThat(Logto.succeeded(runs, "down")).as(all).isEqualTo(SCRIPTS);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(Logto.userTables(db)).isEmpty();
    assertThat(Logto.userSnapshot(db)).isEmpty();
    assertThat(Logto.advisoryLocks(db)).isZero();
  }
}
