package io.logto.db.cli;

import io.logto.db.cli.render.Interaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run of the application class-data sharing archive that {@code scripts/logto} uses
 * ({@code mvn package} runs it with {@code -XX:ArchiveClassesAtExit}). The archive holds the
 * classes a run loaded, so one JVM runs the commands people run: {@code --version}, every help
 * page, listing a directory, and deploy, status, list and rollback against an embedded PostgreSQL
 * (the driver's query path, the pool, the journal), plus a refused connection. Not part of the
 * tool's interface; its output is discarded and a failing command does not fail the build.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    LogbackProvider.install(); // as Main.main does: the archive holds the classes of the process's own start
    Path work = Path.of(args[0]).toAbsolutePath();
    if (Files.exists(work)) {
      try (var paths = Files.walk(work)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(work);
    Path scripts = Files.createDirectories(work.resolve("alterations"));
    Files.writeString(scripts.resolve("1.0.0-1700000000-training.sql"),
        "-- alteration:up\ncreate table training (id int primary key);\n-- alteration:down\ndrop table training;\n");
    String db = "embedded:" + work.resolve("db");
    List<List<String>> commands = List.of(
        List.of("--version"),
        List.of("--help"),
        List.of("db", "alteration", "--help"),
        List.of("db", "alteration", "deploy", "--help"),
        List.of("db", "alteration", "rollback", "--help"),
        List.of("db", "alteration", "list", "--alterations", scripts.toString()),
        List.of("db", "alteration", "status", "--db-url", "postgres://cds-training@127.0.0.1:1/none"),
        List.of("db", "alteration", "deploy", "latest", "--db-url", db),
        List.of("db", "alteration", "deploy", "next", "--db-url", db, "--json"),
        List.of("db", "alteration", "deploy", "next", "--db-url", db),
        List.of("db", "alteration", "status", "--db-url", db),
        List.of("db", "alteration", "list", "--db-url", db),
        List.of("db", "alteration", "rollback", "1.0.0", "--yes", "--db-url", db),
        List.of("db", "alteration", "deploy", "next", "--alterations", scripts.toString(), "--db-url", db));
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true);
    Environment environment = new Environment(discard, discard, Map.of(), work, Interaction.NONE);
    for (List<String> command : commands) {
      int code = Main.run(environment, command.toArray(String[]::new));
      System.out.println("cds training: exit " + code + ": logto " + String.join(" ", command));
    }
  }
}
