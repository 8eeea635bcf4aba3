package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real read-only replica: an embedded PostgreSQL restarted with standby.signal stays in
 * recovery (a hot standby with no primary). Deploy and rollback refuse it before anything runs,
 * even with nothing to do; read-only commands (status) still work.
 */
class HotStandbyIT {
  @TempDir
  Path work;

  @Test
  void deployAndRollbackRefuseAHotStandbyWithOneClearLine() throws Exception {
    Path data = work.resolve("data");
    EmbeddedPostgres.builder().setDataDirectory(data.toFile()).setCleanDataDirectory(false).start().close();
    Files.createFile(data.resolve("standby.signal"));
    try (EmbeddedPostgres standby = EmbeddedPostgres.builder().setDataDirectory(data.toFile())
        .setCleanDataDirectory(false).start()) {
      String url = "postgres://postgres@localhost:" + standby.getPort() + "/postgres";
      Logto.Run deploy = Logto.run(work, "db", "alt", "deploy", "latest", "--db-url", url);
      assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(1);
      assertThat(deploy.errorLines()).singleElement().asString()
          .contains("is a read-only hot standby", "Point --db-url at the primary server; nothing was changed");
      assertThat(deploy.all()).doesNotContain("\tat ");

      // even with nothing to do: the operator pointed a write command at a replica
      Logto.Run rollback = Logto.run(work, "db", "alt", "rollback", "0.0.0", "--yes", "--db-url", url);
      assertThat(rollback.exit()).as(rollback.toString()).isEqualTo(1);
      assertThat(rollback.errorLines()).singleElement().asString().contains("is a read-only hot standby");

      Logto.Run status = Logto.run(work, "db", "alt", "status", "--exit-code", "--db-url", url);
      assertThat(status.exit()).as(status.toString()).isEqualTo(10);
      assertThat(status.out()).contains("no alteration applied");
    }
  }
}
