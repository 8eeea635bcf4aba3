package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed or killed {@code CREATE INDEX CONCURRENTLY} in a {@code before-up} section leaves an
 * INVALID index. A re-run must never succeed over it: the tool drops it and builds it again. A
 * killed deployer's build ends within seconds (the dead-client check covers {@code before-*}
 * sections), releasing the deployers' lock.
 */
class InvalidIndexIT {
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
    Fixtures.script(alterations, Logto.fileName(1), "create table t (id int primary key, v int);",
        "drop table t;");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private Logto.Run deploy(String name) {
    return Logto.run(temp.resolve(name), "db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString());
  }

  private List<String> indexValidity(String name) {
    return db.query("select c.relname || ':' || i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
        + " where c.relname = '" + name + "'");
  }

  private void beforeUpIndex(String create) {
    Fixtures.write(alterations, Logto.fileName(2), "-- alteration:before-up\n" + create + "\n"
        + "-- alteration:up\ncomment on table t is 'indexed';\n"
        + "-- alteration:down\ncomment on table t is null;\n"
        + "-- alteration:before-down\ndrop index concurrently if exists t_v_key;\ndrop index concurrently if exists t_slow;\n");
  }

  @Test
  void aReRunRebuildsTheInvalidIndexAFailedBuildLeft() {
    Logto.Run first = deploy("first");
    assertThat(first.exit()).as(first.toString()).isZero();
    db.execute("insert into t values (1, 7), (2, 7)");
    beforeUpIndex("create unique index concurrently if not exists t_v_key on t (v);");

    Logto.Run failed = deploy("failed");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    assertThat(indexValidity("t_v_key")).as("the failed build left an INVALID index").containsExactly("t_v_key:false");

    Logto.Run stillDuplicated = deploy("still");
    assertThat(stillDuplicated.exit()).as("a re-run over the invalid index must not succeed\n" + stillDuplicated)
        .isEqualTo(1);
    assertThat(stillDuplicated.err()).contains("Dropped the INVALID index public.t_v_key");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(1));

    db.execute("delete from t where id = 2");
    Logto.Run fixed = deploy("fixed");
    assertThat(fixed.exit()).as(fixed.toString()).isZero();
    assertThat(fixed.err()).contains("Dropped the INVALID index public.t_v_key left by an earlier failed or killed"
        + " CREATE INDEX CONCURRENTLY of " + Logto.fileName(2));
    assertThat(indexValidity("t_v_key")).containsExactly("t_v_key:true");
    assertThat(db.stateTimestamp()).isEqualByComparingTo(Logto.timestamp(2));
  }

  @Test
  void aKilledDeployersBuildEndsAndTheReRunRebuildsTheIndex() throws Exception {
    db.execute("create function slow(i int) returns int language plpgsql immutable as"
        + " $$ begin perform pg_sleep(0.05); return i; end $$");
    Logto.Run first = deploy("first");
    assertThat(first.exit()).as(first.toString()).isZero();
    db.execute("insert into t select g, g from generate_series(1, 400) g");
    beforeUpIndex("create index concurrently if not exists t_slow on t (slow(v));");

    Logto.Started started = Logto.start(temp.resolve("killed"), "db", "alt", "deploy", "next", "--db-url", db.url(),
        "--alterations", alterations.toString());
    assertThat(Logto.poll(Duration.ofSeconds(30), () -> !db.query("select pid from pg_stat_activity where"
        + " datname = current_database() and query ilike 'create index concurrently%'").isEmpty()))
        .as("the build started\n" + started.stderrSoFar()).isTrue();
    started.process.destroyForcibly().waitFor();

    assertThat(Logto.poll(Duration.ofSeconds(10), () -> db.query("select pid from pg_stat_activity where"
        + " datname = current_database() and query ilike 'create index concurrently%'").isEmpty()))
        .as("the orphaned build ends within seconds of the kill (a 20 s build)").isTrue();
    assertThat(Logto.poll(Duration.ofSeconds(5), () -> Logto.advisoryLocks(db) == 0)).as("lock released").isTrue();
    assertThat(indexValidity("t_slow")).containsExactly("t_slow:false");

    Logto.Run again = deploy("again");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).contains("Dropped the INVALID index public.t_slow");
    assertThat(indexValidity("t_slow")).containsExactly("t_slow:true");
  }
}
