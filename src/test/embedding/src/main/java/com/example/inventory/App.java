package com.example.inventory;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.api.Logto;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Usage: {@code App JDBC_URL [--deploy]}. */
public final class App {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(args[0]); // jdbc:postgresql://127.0.0.1:5432/inventory?user=app

    if (List.of(args).contains("--deploy")) {
      // This application's alterations: src/main/resources/alterations/ on its class path.
      List<Alteration> applied = Logto.builder(dataSource).build().deploy("next");
      log.info("Deployed {} alterations", applied.size());
    }

    // The startup gate: every alteration on the class path is applied, next-… ones included.
    try {
      Logto.requireUpToDate(dataSource);
    } catch (LogtoException e) {
      log.error("Refusing to start: {}", e.getMessage());
      System.exit(e.code().exitCode());
    }
    log.info("The database is up to date; starting");
  }
}
