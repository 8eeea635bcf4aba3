package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
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

/** The library facade and its startup gate, on a real database. */
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
  void theStartupGateRefusesADatabaseThatLacksShippedAlterationsWithTheStatusMessage() {
    assertThatThrownBy(() -> Logto.requireUpToDate(db.dataSource()))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_UP_TO_DATE))
        .hasMessageContaining("no alteration applied")
        .hasMessageContaining("10 pending alterations (up to next)");
    assertThat(StartupGateExample.start(db.jdbcUrl() + "?user=postgres")).isEqualTo(10);

    Logto logto = Logto.builder(db.dataSource()).build();
    List<Alteration> applied = logto.deploy("1.3.0");
    assertThat(applied).hasSize(9);
    CliRunner.Result status = new CliRunner().run("db", "alt", "status", "--db-url", db.url());
    assertThatThrownBy(logto::requireUpToDate)
        .hasMessageContaining("1 pending alteration (up to next)")
        .satisfies(e -> assertThat(status.out()).contains(logto.status().summary(), logto.status().pendingLine()));

    logto.deploy("next");
    Logto.requireUpToDate(db.dataSource());
    assertThat(StartupGateExample.start(db.jdbcUrl() + "?user=postgres")).isZero();
    assertThat(logto.status().version()).isEqualTo("next");
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
