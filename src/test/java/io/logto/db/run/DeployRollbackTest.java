package io.logto.db.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.CliRunner;
import io.logto.db.testing.CliRunner.Result;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy and rollback end to end (in-process command line) against a real PostgreSQL. */
class DeployRollbackTest {
  private static final List<String> SHIPPED_VERSIONS = List.of("1.0.0-rc.0", "1.0.0-rc.1", "1.0.0", "1.1.0", "1.2.0", "1.3.0");
  private static final Map<String, String> LAST_TIMESTAMP = new LinkedHashMap<>();

  static {
    LAST_TIMESTAMP.put("1.0.0-rc.0", "1700000000");
    LAST_TIMESTAMP.put("1.0.0-rc.1", "1700100000");
    LAST_TIMESTAMP.put("1.0.0", "1700200000");
    LAST_TIMESTAMP.put("1.1.0", "1700300100");
    LAST_TIMESTAMP.put("1.2.0", "1700400100");
    LAST_TIMESTAMP.put("1.3.0", "1700500100");
    LAST_TIMESTAMP.put("next", "1700600000");
  }

  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private Result logto(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db-url";
    full[args.length + 1] = db.url();
    return new CliRunner().run(full);
  }

  @Test
  void deploysEachShippedVersionInTurnThenNext() {
    for (String version : SHIPPED_VERSIONS) {
      Result result = logto("db", "alt", "deploy", version);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("[info] Deploy target " + version);
      assertThat(db.stateTimestamp()).isEqualByComparingTo(LAST_TIMESTAMP.get(version));
    }
    Result next = logto("db", "alteration", "deploy", "next");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).contains("[info] Deploy target next", "[info] Found 1 alteration to deploy",
        "Run alteration next-1700600000-add-organizations.sql `up()` function succeeded");
    assertThat(db.tables()).contains("organizations", "organization_users", "user_profiles");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("1700600000");

    Result again = logto("db", "alt", "deploy", "next");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("[info] Found 0 alteration to deploy");
  }

  @Test
  void rollingBackToEachVersionRestoresTheSchemaOfThatVersion() {
    Map<String, String> snapshots = new LinkedHashMap<>();
    for (String version : SHIPPED_VERSIONS) {
      assertThat(logto("db", "alt", "deploy", version).exitCode()).isZero();
      snapshots.put(version, db.schemaSnapshot());
    }
    assertThat(logto("db", "alt", "deploy", "next").exitCode()).isZero();

    for (int i = SHIPPED_VERSIONS.size() - 1; i >= 0; i--) {
      String version = SHIPPED_VERSIONS.get(i);
      Result result = logto("db", "alt", "rollback", version, "--yes");
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("[info] Revert target " + version);
      assertThat(db.schemaSnapshot()).as("schema after rollback to " + version).isEqualTo(snapshots.get(version));
      assertThat(db.stateTimestamp()).isEqualByComparingTo(LAST_TIMESTAMP.get(version));
    }
    Result toNothing = logto("db", "alt", "r", "0.0.0", "-y");
    assertThat(toNothing.exitCode()).as(toNothing.toString()).isZero();
    assertThat(db.tables()).containsExactly("logto_configs");
    assertThat(db.schemaSnapshot()).isEmpty();
    assertThat(db.stateTimestamp()).isEqualByComparingTo(BigDecimal.ZERO);

    Result redeploy = logto("db", "alt", "deploy", "1.3.0");
    assertThat(redeploy.exitCode()).isZero();
    assertThat(db.schemaSnapshot()).isEqualTo(snapshots.get("1.3.0"));
  }

  @Test
  void backfillsMoveDataBothWays() {
    assertThat(logto("db", "alt", "deploy", "1.1.0").exitCode()).isZero();
    db.execute("insert into tenants (id, name) values ('t1', 'Tenant')");
    db.execute("insert into users (id, tenant_id, username, name, avatar) values"
        + " ('u1', 't1', 'Alice', 'Alice A.', 'https://a/1.png'), ('u2', 't1', 'bob', null, null)");
    assertThat(logto("db", "alt", "deploy", "1.3.0").exitCode()).isZero();
    assertThat(db.query("select id, display_name, username_normalized from users order by 1"))
        .containsExactly("u1|Alice A.|alice", "u2|null|bob");
    assertThat(db.query("select user_id, avatar from user_profiles order by 1")).containsExactly("u1|https://a/1.png");
    assertThat(db.columns("users")).noneMatch(c -> c.startsWith("avatar:"));

    assertThat(logto("db", "alt", "rollback", "1.1.0", "--yes").exitCode()).isZero();
    assertThat(db.query("select id, name, avatar from users order by 1"))
        .containsExactly("u1|Alice A.|https://a/1.png", "u2|null|null");
    assertThat(db.tables()).doesNotContain("user_profiles");
  }

  @Test
  void theShippedJavaAlterationComputesEmailDomainsAndIsJournalledLikeSql() {
    assertThat(logto("db", "alt", "deploy", "1.2.0").exitCode()).isZero();
    db.execute("insert into tenants (id, name) values ('t1', 'Tenant')");
    db.execute("insert into users (id, tenant_id, primary_email) values ('u1', 't1', 'A@Bücher.Example'),"
        + " ('u2', 't1', 'no-at-sign'), ('u3', 't1', null)");
    Result deploy = logto("db", "alt", "deploy", "1.3.0");
    assertThat(deploy.out()).contains("Run alteration 1.3.0-1700500100-add-user-email-domain `up()` function succeeded");
    assertThat(db.query("select id, email_domain from users order by 1"))
        .containsExactly("u1|xn--bcher-kva.example", "u2|null", "u3|null");
    assertThat(db.query("select direction, length(checksum) from logto_alteration_journal"
        + " where script = '1.3.0-1700500100-add-user-email-domain'")).containsExactly("up|64");
    assertThat(logto("db", "alt", "rollback", "1.2.0", "--yes").exitCode()).isZero();
    assertThat(db.columns("users")).noneMatch(c -> c.startsWith("email_domain"));
  }

  @Test
  void aFailedCreateIndexConcurrentlyNamesTheInvalidIndexAndHowToDropIt(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int, v text);\ninsert into a values (1, 'x'), (2, 'x');",
        "drop table a;");
    Fixtures.write(dir, "1.1.0-200-unique-v.sql", "-- alteration:before-up\n"
        + "create index concurrently if not exists a__id on a (id);\n"
        + "create unique index concurrently if not exists a__v on a (v);\n"
        + "-- alteration:up\nalter table a add column w int;\n-- alteration:down\nalter table a drop column w;\n");
    Result result = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("1.1.0-200-unique-v.sql `before-up` at line 3", "23505",
        "may have been applied", "public.a__v is INVALID", "DROP INDEX CONCURRENTLY IF EXISTS public.a__v;");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("100");
    assertThat(db.columns("a")).noneMatch(c -> c.startsWith("w:"));

    db.execute("drop index a__v");
    db.execute("update a set v = 'y' where id = 2");
    Result rerun = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(db.query("select indexname from pg_indexes where tablename = 'a' order by 1")).containsExactly("a__id", "a__v");
  }

  @Test
  void aFailingScriptInTheMiddleChangesNothingAndTheSameCommandContinuesAfterTheFix(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Path bad = Fixtures.script(dir, "1.1.0-200-create-b.sql",
        "create table b (id int);\ninsert into b values (1);\nselect no_such_column\n  from b;", "drop table b;");
    Fixtures.script(dir, "1.2.0-300-create-c.sql", "create table c (id int);", "drop table c;");

    Result failed = new CliRunner().run("db", "alt", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.out()).contains("Run alteration 1.0.0-100-create-a.sql `up()` function succeeded");
    // the up section starts on line 2 of the file; the failing column is on its 3rd statement line
    assertThat(failed.err()).contains("1.1.0-200-create-b.sql", "line 4, column 8", "42703",
        "column \"no_such_column\" does not exist", "didn't change anything");
    assertThat(failed.err()).doesNotContain("\tat ");
    assertThat(db.tables()).containsExactly("a", "logto_configs");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("100");

    Fixtures.script(dir, bad.getFileName().toString(), "create table b (id int);\ninsert into b values (1);", "drop table b;");
    Result fixed = new CliRunner().run("db", "alt", "deploy", "1.2.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    assertThat(fixed.out()).contains("Found 2 alterations to deploy");
    assertThat(db.tables()).containsExactly("a", "b", "c", "logto_configs");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("300");
  }

  /**
   * Names and numbers that look like the splitter's keywords ({@code begin}, {@code t.end},
   * {@code 1. end}, {@code as case}) are split the way PostgreSQL reads them: the server accepts
   * every statement and the routines work.
   */
  @Test
  void routinesWithKeywordLikeNamesRunAsPostgresqlSplitsThem(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-routines.sql", String.join("\n",
        "create table t (\"end\" int, \"case\" int);",
        "insert into t values (2, 1);",
        "create function begin(begin int) returns int language sql as 'select begin + 1';",
        "create function f(x int) returns numeric language sql begin /* ; */ atomic",
        "  select sum(t.end) + 1. from t where t.case = x;",
        "  select case when x > 0 then (select sum(t.end) from t) + 1. end as end;",
        "end;",
        "create table after_routines (begin int, atomic int);"),
        "drop table after_routines;\ndrop function f(int);\ndrop function begin(int);\ndrop table t;");
    Result deploy = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(db.query("select begin(1) || ' ' || f(1) || ' ' || coalesce(f(0)::text, 'null')"))
        .containsExactly("2 3 null");
    assertThat(db.tables()).contains("after_routines", "t");
    Result rollback = new CliRunner().run("db", "alt", "rollback", "0.0.0", "--yes", "--db-url", db.url(),
        "--alterations", dir.toString());
    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(db.tables()).doesNotContain("after_routines", "t");
  }

  @Test
  void aCorruptStateRowIsAnErrorAndChangesNothing(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    db.execute("create table logto_configs (key varchar(256) primary key, value jsonb not null default '{}')");
    for (String value : List.of("{\"foo\": 1}", "\"x\"", "{\"timestamp\": \"100\"}", "{\"timestamp\": -1}")) {
      db.execute("delete from logto_configs");
      db.execute("insert into logto_configs values ('alterationState', '" + value + "')");
      Result result = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
      assertThat(result.exitCode()).as(value + "\n" + result).isEqualTo(2);
      assertThat(result.err()).contains("The alteration state row", "is invalid");
      assertThat(db.tables()).containsExactly("logto_configs");
    }
  }

  @Test
  void rollbackAcrossAScriptWithoutDownFailsBeforeAnythingRuns(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-200-create-b.sql", "create table b (id int);", null);
    Fixtures.script(dir, "1.2.0-300-create-c.sql", "create table c (id int);", "drop table c;");
    CliRunner cli = new CliRunner();
    assertThat(cli.run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString()).exitCode()).isZero();
    String before = db.schemaSnapshot();

    Result result = cli.run("db", "alt", "rollback", "1.0.0", "--yes", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("1.1.0-200-create-b.sql", "no '-- alteration:down' section");
    assertThat(db.schemaSnapshot()).isEqualTo(before);
    assertThat(db.stateTimestamp()).isEqualByComparingTo("300");

    Result partial = cli.run("db", "alt", "rollback", "1.1.0", "--yes", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(partial.exitCode()).as(partial.toString()).isZero();
    assertThat(db.tables()).containsExactly("a", "b", "logto_configs");
    assertThat(db.stateTimestamp()).isEqualByComparingTo("200");
  }

  @Test
  void duplicateTimestampsAreRejectedBeforeConnecting(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    Fixtures.script(dir, "1.1.0-100-create-b.sql", "create table b (id int);", "drop table b;");
    Result result = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("1.0.0-100-create-a.sql", "1.1.0-100-create-b.sql", "same timestamp");
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void anEmptyAlterationsFolderHasNothingToDo(@TempDir Path dir) {
    Result deploy = new CliRunner().run("db", "alt", "deploy", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(deploy.out()).contains("Found 0 alteration to deploy");
    Result rollback = new CliRunner().run("db", "alt", "rollback", "1.0.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(rollback.exitCode()).isZero();
    assertThat(rollback.out()).contains("Found 0 alteration to revert");
    assertThat(db.tables()).isEmpty();
  }

  @Test
  void theDatabaseAheadOfTheToolIsReported(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-a.sql", "create table a (id int);", "drop table a;");
    db.execute("create table logto_configs (key varchar(256) primary key, value jsonb not null default '{}')");
    db.execute("insert into logto_configs values ('alterationState', '{\"timestamp\": 500, \"updatedAt\": \"2024-01-01T00:00:00Z\"}')");
    Result result = new CliRunner().run("db", "alt", "deploy", "next", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("The database is ahead of this tool", "500", "Upgrade logto");
    assertThat(db.tables()).containsExactly("logto_configs");
  }

  @Test
  void functionsWithDollarQuotesAndSemicolonsRunAsOneStatement(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-function.sql",
        "create function add_one(i int) returns int language plpgsql as $body$\nbegin\n  return i + 1; -- ;\nend;\n$body$;\n"
            + "create table t (note text default 'a;b');",
        "drop table t;\ndrop function add_one(int);");
    Result result = new CliRunner().run("db", "alt", "deploy", "1.0.0", "--db-url", db.url(), "--alterations", dir.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(db.query("select add_one(41)")).containsExactly("42");
  }
}
