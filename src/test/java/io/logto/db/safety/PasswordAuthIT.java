package io.logto.db.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password authentication against a real server (an embedded PostgreSQL whose pg_hba.conf asks
 * for scram-sha-256; the machine's server trusts everyone): a wrong password is one clear line,
 * exit 1, and no password appears anywhere; PGPASSWORD and a password file work as with psql.
 */
class PasswordAuthIT {
  private static final String PASSWORD = "Corr3ct-h0rse";
  private static EmbeddedPostgres server;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServerWithPasswords() throws Exception {
    server = EmbeddedPostgres.builder().start();
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("create role app login password '" + PASSWORD + "'");
      st.execute("create database app owner app");
      Path hba = Path.of(queryOne(st, "show hba_file"));
      Files.writeString(hba, "local all all trust\n"
          + "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
          + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n", StandardCharsets.UTF_8);
      st.execute("select pg_reload_conf()");
    }
  }

  private static String queryOne(Statement st, String sql) throws Exception {
    try (var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private String url(String password) {
    return "postgres://app" + (password == null ? "" : ":" + password) + "@127.0.0.1:" + server.getPort() + "/app";
  }

  @Test
  void aWrongPasswordIsOneClearLineWithoutThePassword() {
    String wrong = "Wr0ng-pa55word";
    Logto.Run run = Logto.run(dir, "db", "alt", "deploy", "latest", "--db-url", url(wrong));
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains("password authentication failed for user \"app\"", "Check the URL");
    assertThat(run.all()).doesNotContain(wrong).doesNotContain("\tat ").doesNotContain("Exception");

    Logto.Run traced = Logto.run(dir, "db", "alt", "deploy", "latest", "--db-url", url(wrong), "--stacktrace");
    assertThat(traced.all()).contains("\tat ").doesNotContain(wrong);
  }

  @Test
  void theRightPasswordFromTheUrlFromPgpasswordOrFromAPasswordFileWorks() throws Exception {
    Logto.Run inUrl = Logto.run(dir, "db", "alt", "deploy", "1.0.0", "--db-url", url(PASSWORD));
    assertThat(inUrl.exit()).as(inUrl.toString()).isZero();
    assertThat(inUrl.all()).doesNotContain(PASSWORD);

    Logto.Run fromVariable = Logto.run(dir, Map.of("PGPASSWORD", PASSWORD),
        "db", "alt", "deploy", "1.1.0", "--db-url", url(null));
    assertThat(fromVariable.exit()).as(fromVariable.toString()).isZero();

    Path passFile = dir.resolve("pgpass");
    Files.writeString(passFile, "# host:port:database:user:password\n127.0.0.1:" + server.getPort()
        + ":app:app:" + PASSWORD + "\n");
    Logto.Run fromFile = Logto.run(dir, Map.of("PGPASSFILE", passFile.toString()),
        "db", "alt", "deploy", "1.2.0", "--db-url", url(null));
    assertThat(fromFile.exit()).as(fromFile.toString()).isZero();

    Logto.Run fromPgVariables = Logto.run(dir, Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(server.getPort()),
        "PGDATABASE", "app", "PGUSER", "app", "PGPASSFILE", passFile.toString()), "db", "alt", "status", "--exit-code");
    assertThat(fromPgVariables.exit()).as(fromPgVariables.toString()).isEqualTo(10);
    assertThat(fromPgVariables.out()).contains("version 1.2.0");

    Logto.Run noPassword = Logto.run(dir, Map.of("PGPASSFILE", dir.resolve("missing").toString()),
        "db", "alt", "status", "--db-url", url(null));
    assertThat(noPassword.exit()).isEqualTo(1);
    assertThat(noPassword.errorLines()).hasSize(1);
  }
}
