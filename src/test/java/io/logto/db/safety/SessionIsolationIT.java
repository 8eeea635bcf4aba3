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
 * A script's session settings stay in its own alteration: the next alteration starts from the
 * session the tool opened, in one run exactly as in separate runs, and the journal records the
 * user that ran the tool (through PgBouncer: {@code PgBouncerIT}).
 */
class SessionIsolationIT {
  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;
  private String role;

  @BeforeAll
  static void needsJar() {
    Logto.jar();
  }

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    alterations = temp.resolve("alterations");
    role = "switched_" + db.name().substring(db.name().length() - 8);
    db.execute("create role " + role + "; grant create on schema public to " + role);
  }

  @AfterEach
  void tearDown() {
    db.close();
    try (TestDatabase cleanup = TestPostgres.createDatabase()) {
      cleanup.execute("drop role if exists " + role);
    }
  }

  private Logto.Run deploy(String target) {
    return Logto.run(temp.resolve("run-" + target), "db", "alt", "deploy", target, "--db-url", db.url(),
        "--alterations", alterations.toString());
  }

  @Test
  void aSearchPathSetByAScriptDoesNotMoveTheNextScriptsTables() {
    Fixtures.script(alterations, Logto.fileName(1),
        "create schema audit;\nset search_path = audit, public;\ncreate table audit_log (id int);", "drop schema audit cascade;");
    Fixtures.script(alterations, Logto.fileName(2), "create table users (id int);", "drop table users;");

    Logto.Run run = deploy("1.0.2");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.query("select table_schema || '.' || table_name from information_schema.tables"
        + " where table_name in ('users', 'audit_log') order by 1")).containsExactly("audit.audit_log", "public.users");
  }

  @Test
  void aRoleSetByAScriptOwnsNothingAfterItAndIsNotInTheJournal() {
    Fixtures.script(alterations, Logto.fileName(1), "set role " + role + ";\ncreate table by_role (id int);",
        "drop table by_role;");
    Fixtures.script(alterations, Logto.fileName(2), "create table after_role (id int);", "drop table after_role;");

    Logto.Run run = deploy("1.0.2");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.query("select tablename || ':' || tableowner from pg_tables where tablename in ('by_role', 'after_role')"
        + " order by 1")).containsExactly("after_role:postgres", "by_role:" + role);
    assertThat(db.query("select distinct database_user from logto_alteration_journal")).containsExactly("postgres");
  }

  @Test
  void aReadOnlyDefaultSetByAScriptDoesNotFailTheNextOne() {
    Fixtures.script(alterations, Logto.fileName(1), "set default_transaction_read_only = on;\ncreate table a (id int);",
        "drop table a;");
    Fixtures.script(alterations, Logto.fileName(2), "create table b (id int);", "drop table b;");
    Fixtures.script(alterations, Logto.fileName(3), "create table c (id int);", "drop table c;");

    Logto.Run run = deploy("1.0.3");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(Logto.userTables(db)).containsExactly("a", "b", "c");
  }

  @Test
  void aBeforeUpSectionsSettingsEndWithItsAlteration() {
    Fixtures.write(alterations, Logto.fileName(1), "-- alteration:before-up\nset role " + role + ";\n"
        + "create table made_before (id int);\n-- alteration:up\ncreate table made_in_up (id int);\n"
        + "-- alteration:down\ndrop table made_in_up;\ndrop table made_before;\n");
    Fixtures.script(alterations, Logto.fileName(2), "create table next_one (id int);", "drop table next_one;");

    Logto.Run run = deploy("1.0.2");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(db.query("select tablename || ':' || tableowner from pg_tables"
        + " where tablename in ('made_before', 'made_in_up', 'next_one') order by 1"))
        .containsExactly("made_before:" + role, "made_in_up:postgres", "next_one:postgres");
    assertThat(db.query("select distinct database_user from logto_alteration_journal")).containsExactly("postgres");
  }
}
