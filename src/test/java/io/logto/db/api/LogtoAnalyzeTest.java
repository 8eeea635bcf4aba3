package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.analysis.Finding;
import io.logto.db.analysis.HazardKind;
import io.logto.db.analysis.PendingAnalysis;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Logto#analyze}: the library's {@code deploy --dry-run --analyze}, on a scratch database the caller gives. */
class LogtoAnalyzeTest {
  private TestDatabase db;
  private TestDatabase scratch;

  @BeforeEach
  void setUp() {
    db = TestPostgres.createDatabase();
    scratch = TestPostgres.createDatabase();
  }

  @AfterEach
  void tearDown() {
    db.close();
    scratch.close();
  }

  @Test
  void thePendingRewriteIsMeasuredWithTheTablesSizeAndNothingIsWritten(@TempDir Path dir) {
    Fixtures.script(dir, "1.0.0-100-create-events.sql", "create table events (id integer primary key, kind integer);",
        "drop table events;");
    Fixtures.script(dir, "1.1.0-200-widen-kind.sql", "alter table events alter column kind type bigint;",
        "alter table events alter column kind type integer;");
    Logto logto = Logto.builder(db.dataSource()).alterations(dir).build();
    logto.deploy("1.0.0");
    db.execute("insert into events select g, g % 7 from generate_series(1, 5000) g");
    String before = db.schemaSnapshot() + db.stateTimestamp() + db.query("select sum(kind) from events");

    PendingAnalysis.Result result = logto.analyze("next", scratch.dataSource());

    assertThat(result.findings()).hasSize(1);
    Finding rewrite = result.findings().get(0);
    assertThat(rewrite.kind()).isEqualTo(HazardKind.REWRITE);
    assertThat(rewrite.object()).isEqualTo("events");
    assertThat(rewrite.file()).isEqualTo("1.1.0-200-widen-kind.sql");
    assertThat(rewrite.size()).contains("rewrites events: " + io.logto.db.analysis.BlastRadius.bytes(
        Long.parseLong(db.query("select pg_total_relation_size('events')").get(0))) + ", 5000 rows, under ACCESS"
        + " EXCLUSIVE");
    assertThat(db.schemaSnapshot() + db.stateTimestamp() + db.query("select sum(kind) from events")).isEqualTo(before);
    assertThat(scratch.tables()).contains("events"); // the analysis ran there
  }
}
