package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.Jar;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar on a database laid out as Logto lays it out: the alteration state in
 * {@code systems (key primary key, value jsonb)}, where the Logto CLI keeps it, next to Logto's
 * per-tenant {@code logto_configs} with primary key {@code (tenant_id, key)}. By default logto keeps
 * its state in {@code logto_configs}, so there it refuses before changing anything and names the fix;
 * with {@code --state-table systems} (or {@code LOGTO_STATE_TABLE}) it reads and writes the same
 * {@code alterationState} row as the Logto CLI.
 */
class LogtoDatabaseIT {
  private static final String SHAPE_ERROR = "[error] The state table logto_configs does not have the shape logto keeps"
      + " its state row in: it has columns (tenant_id character varying(21) not null, key character varying(256) not"
      + " null, value jsonb not null) and primary key (tenant_id, key), but logto needs (key text primary key, value"
      + " jsonb) and no other column that must be filled. This looks like the per-tenant logto_configs of a database"
      + " created by Logto, which keeps the alteration state in the table systems: pass --state-table systems (or set"
      + " LOGTO_STATE_TABLE=systems). Nothing was changed.";

  @TempDir
  Path temp;

  private TestDatabase db;
  private Path alterations;

  @BeforeAll
  static void needsTheJar() {
    Jar.path();
  }

  /** Logto's tables as Logto creates them, with the Logto CLI's state: 1.0.0 (timestamp 1000) applied. */
  @BeforeEach
  void logtoDatabase() {
    db = TestPostgres.createDatabase();
    db.execute("""
        create table tenants (id varchar(21) not null primary key, name varchar(128) not null default 'My Project');
        insert into tenants (id) values ('default'), ('admin');
        create table systems (
          key varchar(256) not null,
          value jsonb not null default '{}'::jsonb,
          primary key (key));
        create table logto_configs (
          tenant_id varchar(21) not null references tenants (id) on update cascade on delete cascade,
          key varchar(256) not null,
          value jsonb not null default '{}'::jsonb,
          primary key (tenant_id, key));
        insert into logto_configs (tenant_id, key, value) values
          ('default', 'adminConsole', '{"signInExperienceCustomized": false}'), ('admin', 'adminConsole', '{}');
        insert into systems (key, value) values
          ('alterationState', '{"timestamp": 1000, "updatedAt": "2024-01-01T00:00:00.000Z"}');
        create table a1 (id int);
        """);
    alterations = temp.resolve("alterations");
    Fixtures.script(alterations, "1.0.0-1000-create-a.sql", "create table a1 (id int);", "drop table a1;");
    Fixtures.script(alterations, "1.1.0-2000-create-b.sql", "create table b1 (id int);", "drop table b1;");
    Fixtures.script(alterations, "1.2.0-3000-create-c.sql", "create table c1 (id int);", "drop table c1;");
    Fixtures.script(alterations, "next-4000-create-d.sql", "create table d1 (id int);", "drop table d1;");
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private Jar.Run logto(Map<String, String> env, String... args) {
    return Jar.run(temp, env, args);
  }

  private Jar.Run logto(String... args) {
    return logto(Map.of(), args);
  }

  /** {@code args} then {@code --db-url} and {@code --alterations}. */
  private String[] on(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", db.url(), "--alterations", alterations.toString()));
    return all.toArray(String[]::new);
  }

  /** Everything a command could change: every table, both state tables' rows, whether a journal exists. */
  private String everything() {
    return String.join("\n", db.query("select tablename from pg_tables where schemaname = 'public' order by 1"))
        + "\n" + String.join("\n", db.query("select key || '=' || value::text from systems order by key"))
        + "\n" + String.join("\n", db.query("select tenant_id || '/' || key || '=' || value::text from logto_configs"
        + " order by 1"));
  }

  private String systemsState() {
    return db.query("select value->>'timestamp' from systems where key = 'alterationState'").get(0);
  }

  private List<String> logtoConfigs() {
    return db.query("select tenant_id || '/' || key || '=' || value::text from logto_configs order by 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy 1.1.0", "deploy next --dry-run", "rollback 0.0.0 --yes", "status", "list",
      "rollback --to-timestamp 0 --yes"})
  void withoutStateTableEveryCommandRefusesLogtosPerTenantTableAndChangesNothing(String command) {
    String before = everything();
    Jar.Run run = logto(on(("db alt " + command).split(" ")));
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).containsExactly(SHAPE_ERROR);
    assertThat(run.out()).doesNotContain("Run alteration");
    assertThat(everything()).isEqualTo(before);
    assertThat(db.query("select to_regclass('logto_alteration_journal') is null")).containsExactly("t");
  }

  @Test
  void deploysAndRollsBackThroughSystemsAsTheLogtoCliDoes() {
    List<String> configs = logtoConfigs();
    Jar.Run deploy = logto(on("db", "alteration", "deploy", "1.2.0", "--state-table", "systems"));
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(deploy.outLines()).startsWith("[info] Deploy target 1.2.0", "[info] Found 2 alterations to deploy");
    assertThat(systemsState()).isEqualTo("3000");
    assertThat(db.query("select value->>'updatedAt' from systems where key = 'alterationState'").get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(db.query("select jsonb_object_keys(value) from systems where key = 'alterationState' order by 1"))
        .containsExactly("timestamp", "updatedAt");
    assertThat(db.tables()).contains("a1", "b1", "c1").doesNotContain("d1");
    assertThat(logtoConfigs()).isEqualTo(configs);

    Jar.Run rollback = logto(on("db", "alteration", "rollback", "1.0.0", "--yes", "--state-table", "systems"));
    assertThat(rollback.exit()).as(rollback.toString()).isZero();
    assertThat(rollback.outLines()).startsWith("[info] Revert target 1.0.0", "[info] Found 2 alterations to revert");
    assertThat(systemsState()).isEqualTo("1000");
    assertThat(db.tables()).contains("a1").doesNotContain("b1", "c1");
    assertThat(logtoConfigs()).isEqualTo(configs);

    Jar.Run status = logto(on("db", "alt", "status", "--state-table", "systems"));
    assertThat(status.outLines().get(0)).contains(": version 1.0.0 (state timestamp 1000");
  }

  @Test
  void theStateTableMayComeFromTheVariableTheEnvFileOrBeforeTheSubcommand() throws IOException {
    String expected = ": version 1.0.0 (state timestamp 1000, updated at 2024-01-01T00:00:00.000Z)";
    Jar.Run variable = logto(Map.of("LOGTO_STATE_TABLE", "systems"), on("db", "alt", "status"));
    assertThat(variable.outLines().get(0)).as(variable.toString()).endsWith(expected);

    Files.writeString(temp.resolve(".env"), "DB_URL=" + db.url() + "\nLOGTO_STATE_TABLE=systems\n");
    Jar.Run envFile = logto("db", "alt", "status", "--alterations", alterations.toString());
    assertThat(envFile.outLines().get(0)).as(envFile.toString()).endsWith(expected);
    Files.delete(temp.resolve(".env"));

    Jar.Run first = logto("--state-table", "systems", "--db-url", db.url(), "db", "alteration", "status",
        "--alterations", alterations.toString());
    assertThat(first.outLines().get(0)).as(first.toString()).endsWith(expected);
    Jar.Run middle = logto("db", "--state-table", "systems", "alt", "status", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(middle.outLines().get(0)).as(middle.toString()).endsWith(expected);

    Jar.Run optionWins = logto(Map.of("LOGTO_STATE_TABLE", "logto_configs"), on("db", "alt", "status",
        "--state-table", "systems"));
    assertThat(optionWins.exit()).as(optionWins.toString()).isZero();
  }

  @Test
  void aNamedTableOfAnotherShapeIsRefusedWithTheGeneralFix() {
    db.execute("create table kv (id int primary key, key text not null, value jsonb)");
    String before = everything();
    Jar.Run run = logto(on("db", "alt", "deploy", "1.1.0", "--state-table", "kv"));
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("[error] The state table kv does not have the shape logto keeps its"
        + " state row in: it has columns (id integer not null, key text not null, value jsonb) and primary key (id),"
        + " but logto needs (key text primary key, value jsonb) and no other column that must be filled. Point logto"
        + " at a table of that shape with --state-table NAME (or LOGTO_STATE_TABLE; a missing table is created), e.g."
        + " --state-table systems for a database created by Logto. Nothing was changed.");
    assertThat(everything()).isEqualTo(before);
  }

  @Test
  void aMissingNamedTableIsCreatedWithTheStateShape() {
    try (TestDatabase fresh = TestPostgres.createDatabase()) {
      Jar.Run run = logto("db", "alt", "deploy", "1.0.0", "--state-table", "public.alteration_state", "--db-url",
          fresh.url(), "--alterations", alterations.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(fresh.query("select value->>'timestamp' from alteration_state where key = 'alterationState'"))
          .containsExactly("1000");
      assertThat(fresh.query("select to_regclass('logto_configs') is null")).containsExactly("t");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Systems", "systems; drop table a1", "my-table", "a.b.c", ""})
  void aStateTableNameLogtoDoesNotAcceptIsAUsageError(String name) {
    String before = everything();
    Jar.Run option = logto(on("db", "alt", "status", "--state-table", name));
    assertThat(option.exit()).as(option.toString()).isEqualTo(2);
    assertThat(option.errLines()).containsExactly("[error] --state-table " + name + " is not a table name logto"
        + " accepts: use lower-case letters, digits and _, optionally after a schema and a dot (systems, public.systems).");
    if (!name.isBlank()) {
      Jar.Run variable = logto(Map.of("LOGTO_STATE_TABLE", name), on("db", "alt", "status"));
      assertThat(variable.exit()).as(variable.toString()).isEqualTo(2);
      assertThat(variable.errLines()).containsExactly("[error] LOGTO_STATE_TABLE=" + name + " (from the environment) is"
          + " not a table name logto accepts: use lower-case letters, digits and _, optionally after a schema and a dot"
          + " (systems, public.systems).");
    }
    assertThat(everything()).isEqualTo(before);
  }

  /** check keeps its round trip's state in the named table too; a table its snapshots show is no difference. */
  @Test
  void checkRoundTripsWithTheNamedStateTable() {
    String server = "postgres://postgres@" + db.host() + ":" + db.port() + "/postgres";
    Jar.Run run = logto("db", "alt", "check", "--state-table", "systems", "--db-url", server,
        "--alterations", alterations.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.outLines()).last().asString().startsWith("[info] The alteration history is sound: 4 alterations in"
        + " 4 versions");
    Jar.Run before = logto("--db-url", server, "db", "alt", "check", "--alterations", alterations.toString());
    assertThat(before.exit()).as(before.toString()).isEqualTo(2);
    assertThat(before.errLines()).containsExactly("[error] check does not use a --db-url given before `check`: it"
        + " never touches an application database. To run its scratch databases on a server, put --db-url after"
        + " check: logto db alteration check --db-url URL (the user needs CREATEDB).");
  }
}
