package io.logto.db.api;

import io.logto.db.alteration.LogtoException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A runnable example of the startup gate: an application that refuses to start when its database
 * lacks alterations it ships. Run it with a JDBC URL:
 * {@code java -cp target/logto-db-0.1.0-all.jar:target/test-classes io.logto.db.api.StartupGateExample jdbc:postgresql://127.0.0.1:5432/app?user=postgres}
 */
public final class StartupGateExample {
  private StartupGateExample() {}

  public static void main(String[] args) {
    System.exit(start(args[0]));
  }

  /** Returns the process exit code: 0 when the application may start. */
  static int start(String jdbcUrl) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    try {
      Logto.requireUpToDate(dataSource);
    } catch (LogtoException e) {
      System.err.println("Refusing to start: " + e.getMessage());
      return e.code().exitCode();
    }
    System.out.println("Database is up to date; starting the application.");
    return 0;
  }
}
