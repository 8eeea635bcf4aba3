package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal stops a double application: when the state row was moved back (by hand, or any
 * other way) below scripts the journal says are applied, deploy and rollback refuse before running
 * anything (exit 4), and {@code reconcile} records the operator's decision.
 */
class JournalAgreementIT {
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
    Fixtures.script(alterations, Logto.fileName(1), "create table balance (v int);\ninsert into balance values (100);",
        "drop table balance;");
    Fixtures.script(alterations, Logto.fileName(2), "update balance set v = v * 2;", "update balance set v = v / 2;");
    Fixtures.script(alterations, Logto.fileName(3), "create table t3 (id int);", "drop table t3;");
    Logto.Run deploy = logto("deploy", "next");
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(db.query("select v from balance")).containsExactly("200");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private Logto.Run logto(String... args) {
    String[] all = new String[args.length + 6];
    all[0] = "db";
    all[1] = "alt";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--db-url";
    all[args.length + 3] = db.url();
    all[args.length + 4] = "--alterations";
    all[args.length + 5] = alterations.toString();
    return Logto.run(temp.resolve("run"), all);
  }

  private void moveStateBackTo(int script) {
    db.execute("update logto_configs set value = jsonb_set(value, '{timestamp}', to_jsonb("
        + Logto.timestamp(script).toPlainString() + ")) where key = 'alterationState'");
  }

  @Test
  void aStateMovedBackByHandIsRefusedInsteadOfRunningScriptsTwice() {
    moveStateBackTo(1);
    String snapshot = db.schemaSnapshot();

    Logto.Run deploy = logto("deploy", "next");

    assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(4);
    assertThat(deploy.errorLines()).as(deploy.toString()).singleElement().asString()
        .contains("The journal and the state disagree").contains(Logto.fileName(2)).contains(Logto.fileName(3))
        .contains("reconcile --reverted").contains("reconcile --restore-state").contains("nothing was changed");
    assertThat(db.query("select v from balance")).as("the balance was not doubled again").containsExactly("200");
    assertThat(db.schemaSnapshot()).isEqualTo(snapshot);
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(1));

    Logto.Run rollback = logto("rollback", "0.0.0", "--yes");
    assertThat(rollback.exit()).as(rollback.toString()).isEqualTo(4);
    assertThat(db.query("select v from balance")).containsExactly("200");

    Logto.Run status = logto("status", "--exit-code");
    assertThat(status.exit()).as(status.toString()).isEqualTo(4);
    assertThat(status.err()).contains("The journal and the state disagree");
  }

  @Test
  void restoreStateMovesTheStateBackUpToTheJournal() {
    moveStateBackTo(1);

    Logto.Run reconcile = logto("reconcile", "--restore-state");

    assertThat(reconcile.exit()).as(reconcile.toString()).isZero();
    assertThat(reconcile.out()).contains("Moved the alteration state up to timestamp " + Logto.timestamp(3).toPlainString());
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(3));
    Logto.Run deploy = logto("deploy", "next");
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(db.query("select v from balance")).containsExactly("200");
  }

  @Test
  void scriptsRecordedAsRevertedRunAgainOnTheNextDeploy() {
    // the operator restored a backup taken after script 1: its changes are gone, and the state says so
    db.execute("update balance set v = 100; drop table t3");
    moveStateBackTo(1);

    Logto.Run wrongName = logto("reconcile", "--reverted", Logto.fileName(1));
    assertThat(wrongName.exit()).as(wrongName.toString()).isEqualTo(2);
    assertThat(wrongName.errorLines()).singleElement().asString().contains(Logto.fileName(1)).contains("nothing was changed");

    Logto.Run reconcile = logto("reconcile", "--reverted", Logto.fileName(2), Logto.fileName(3));
    assertThat(reconcile.exit()).as(reconcile.toString()).isZero();
    assertThat(reconcile.out()).contains("Recorded " + Logto.fileName(2) + " as reverted");
    assertThat(db.query("select direction || ' ' || tool_version from logto_alteration_journal order by id desc limit 1"))
        .singleElement().asString().startsWith("down ").endsWith(" reconcile");

    Logto.Run deploy = logto("deploy", "next");
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(db.query("select v from balance")).containsExactly("200");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(3));
    Logto.Run status = logto("status", "--exit-code");
    assertThat(status.exit()).as(status.toString()).isZero();
  }
}
