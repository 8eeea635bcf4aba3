package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library facade and its startup gate, on a real database. (A product's class path, its own
 * logging and the library jar's contents are tested from outside by {@link EmbeddingIT}.)
 */
class LogtoApiTest {
  private TestDatabase db;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void theStartupGateRefusesADatabaseThatLacksAlterationsInTheWordsOfStatus(@TempDir Path dir) {
    history(dir);
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    assertThatThrownBy(logto::requireUpToDate)
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_UP_TO_DATE))
        .hasMessage("The database is not up to date: no alteration applied; 3 pending alterations (up to next):"
            + " 1.0.0-100-create-a.sql, 1.1.0-200-create-b.sql, next-300-create-c.sql. Deploy them before starting"
            + " the application: `logto db alteration deploy next`, or Logto.deploy(\"next\").");
    assertThat(db.tables()).as("the gate changes nothing").isEmpty();

    logto.deploy("1.0.0");
    CliRunner.Result status = new CliRunner().run("db", "alt", "status", "--db-url", db.url(), "--alterations", dir.toString());
    assertThatThrownBy(logto::requireUpToDate)
        .hasMessageContaining(logto.status().summary() + "; " + logto.status().pendingLine() + ".")
        .satisfies(e -> assertThat(status.out()).contains(logto.status().summary(), logto.status().pendingLine()));
  }

  /** After deploy(t), requireUpToDate(t) passes; it fails, naming what deploy(t) would apply, before. */
  @Test
  void deployAndTheGateAgreeOnWhatUpToDateMeansForEveryTarget(@TempDir Path dir) {
    history(dir);
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    assertThatThrownBy(() -> logto.requireUpToDate("1.0.0"))
        .hasMessageContaining("1 pending alteration (up to 1.0.0): 1.0.0-100-create-a.sql. Deploy them before"
            + " starting the application: `logto db alteration deploy 1.0.0`, or Logto.deploy(\"1.0.0\").");

    assertThat(logto.deploy("1.0.0")).hasSize(1);
    logto.requireUpToDate("1.0.0");
    assertThatThrownBy(() -> logto.requireUpToDate("latest"))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_UP_TO_DATE))
        .hasMessageContaining("1 pending alteration (up to 1.1.0): 1.1.0-200-create-b.sql.");

    assertThat(logto.deploy("latest")).hasSize(1);
    logto.requireUpToDate("latest");
    logto.requireUpToDate("v1.1.0");
    // latest leaves the unreleased script pending: the gate without a target means next, like status
    assertThatThrownBy(logto::requireUpToDate)
        .hasMessageContaining("1 pending alteration (up to next): next-300-create-c.sql.");
    assertThat(new CliRunner().run("db", "alt", "status", "--exit-code", "--db-url", db.url(), "--alterations",
        dir.toString()).exitCode()).isEqualTo(10);

    assertThat(logto.deploy("next")).hasSize(1);
    logto.requireUpToDate("next");
    logto.requireUpToDate();
    assertThat(logto.deploy("next")).isEmpty();
    assertThat(logto.status().upToDate()).isTrue();
  }

  @Test
  void theGateRefusesAnInvalidTargetAsDeployDoes(@TempDir Path dir) {
    history(dir);
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    Throwable fromDeploy = catchThrowable(() -> logto.deploy("1.x"));
    assertThatThrownBy(() -> logto.requireUpToDate("1.x"))
        .isInstanceOf(LogtoException.class).hasMessage(fromDeploy.getMessage());
  }

  /** Two releases and an unreleased script. */
  private static void history(Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", "drop table b;");
    Fixtures.script(dir, "next-300-create-c.sql", "create table c (id int);", "drop table c;");
  }

  @Test
  void deploysAndRollsBackFromAnAlterationsFolder(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", "drop table b;");
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    assertThat(logto.deploy("latest")).extracting(Alteration::fileName)
        .containsExactly("1.0.0-100-create-a.sql", "1.1.0-200-create-b.sql");
    assertThat(db.tables()).contains("a", "b");
    assertThat(logto.rollback("1.0.0")).extracting(Alteration::fileName).containsExactly("1.1.0-200-create-b.sql");
    assertThat(db.tables()).contains("a").doesNotContain("b");
    assertThat(logto.status().version()).isEqualTo("1.0.0");
    assertThat(logto.deploy("1.0.0")).isEmpty();
  }

  @Test
  void theGateReportsAFailedCheck(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    logto.deploy("next");
    Fixtures.script(dir, "1.0.0-50-create-early.sql", "create table early (id int);", "drop table early;");
    assertThatThrownBy(() -> Logto.builder(db.dataSource()).alterations(dir).build().requireUpToDate())
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED))
        .hasMessageContaining("Skipped alteration 1.0.0-50-create-early.sql");
  }

  /** A database laid out as Logto lays it out: the state in systems, a per-tenant logto_configs. */
  @Test
  void theStateTableIsABuilderOptionAndLogtosPerTenantTableIsRefused(@TempDir Path dir) {
    db.execute("""
        create table systems (key varchar(256) not null primary key, value jsonb not null default '{}'::jsonb);
        create table logto_configs (tenant_id varchar(21) not null, key varchar(256) not null,
          value jsonb not null default '{}'::jsonb, primary key (tenant_id, key));
        insert into systems values ('alterationState', '{"timestamp": 100, "updatedAt": "2024-01-01T00:00:00.000Z"}');
        create table a (id int);
        """);
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", "drop table b;");
    assertThatThrownBy(() -> Logto.builder(db.dataSource()).alterations(dir).build().deploy("latest"))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageStartingWith("The state table logto_configs does not have the shape")
        .hasMessageContaining("pass --state-table systems");
    assertThat(db.tables()).doesNotContain("b");

    Logto logto = Logto.builder(db.dataSource()).alterations(dir).stateTable("systems").build();
    assertThat(logto.status().version()).isEqualTo("1.0.0");
    assertThat(logto.deploy("latest")).extracting(Alteration::fileName).containsExactly("1.1.0-200-create-b.sql");
    assertThat(db.query("select value->>'timestamp' from systems where key = 'alterationState'")).containsExactly("200");
    assertThat(logto.rollback("1.0.0")).hasSize(1);
    assertThat(db.query("select value->>'timestamp' from systems where key = 'alterationState'")).containsExactly("100");
    assertThat(db.query("select count(*) from logto_configs")).containsExactly("0");

    assertThatThrownBy(() -> Logto.builder(db.dataSource()).stateTable("Systems"))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("'Systems' is not a state table name");
  }
}
