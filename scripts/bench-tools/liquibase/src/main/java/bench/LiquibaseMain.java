package bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Liquibase through its Java API, as a whole process: the {@code update} command of one formatted
 * SQL changelog. Anonymous analytics are switched off (this bench runs offline; Liquibase would
 * otherwise try to reach its analytics endpoint), and its logging is quiet as in its CLI.
 * Usage: {@code java -jar liquibase.jar JDBC_URL USER DIR CHANGELOG}
 */
public final class LiquibaseMain {
  /** Liquibase's own CLI logs nothing by default (--log-level OFF); the API would log every change set at INFO. */
  private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

  private LiquibaseMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: liquibase.jar JDBC_URL USER DIR CHANGELOG");
      System.exit(2);
    }
    System.setProperty("liquibase.analytics.enabled", "false");
    LIQUIBASE_LOG.setLevel(Level.WARNING);
    Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(Path.of(args[2]))), () -> {
      new CommandScope("update")
          .addArgumentValue("changelogFile", args[3])
          .addArgumentValue("url", args[0])
          .addArgumentValue("username", args[1])
          .addArgumentValue("password", "")
          .execute();
    });
    System.out.println("liquibase: update done");
  }
}
