package bench;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway through its Java API, as a whole process: {@code migrate} of the {@code V<n>__name.sql}
 * scripts in one directory (validation on migrate, the default, included).
 * Usage: {@code java -jar flyway.jar JDBC_URL USER DIR}
 */
public final class FlywayMain {
  private FlywayMain() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: flyway.jar JDBC_URL USER DIR");
      System.exit(2);
    }
    MigrateResult result = Flyway.configure()
        .dataSource(args[0], args[1], "")
        .locations("filesystem:" + args[2])
        .load()
        .migrate();
    System.out.println("flyway: applied " + result.migrationsExecuted);
  }
}
