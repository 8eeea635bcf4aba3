package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.cli.render.JsonObject;
import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.Section;
import io.logto.db.cli.render.Json;
import java.util.List;

/** {@code --dry-run}: the plan and the SQL each step would run, nothing executed. */
final class DryRun {
  private DryRun() {}

  static void print(Session session, List<Alteration> first, List<Alteration> plan, Direction direction) {
    JsonArray array = session.array("plan");
    session.console.info("Dry run: nothing is changed and no lock is taken");
    for (List<Alteration> part : List.of(first, plan)) {
      for (Alteration alteration : part) {
        JsonObject node = array.addObject();
        Json.alteration(node, alteration);
        node.put("direction", direction.word());
        session.console.info("Would run alteration " + alteration.fileName() + " " + direction.function()
            + " function:");
        alteration.beforeSection(direction).ifPresent(before -> {
          node.put("beforeSql", before.sql().strip());
          printSql(session, "-- before-" + direction.word() + " (outside a transaction)", before);
        });
        alteration.section(direction).ifPresent(section -> {
          node.put("sql", section.sql().strip());
          printSql(session, "-- " + direction.word() + " (in a transaction)", section);
        });
      }
    }
  }

  private static void printSql(Session session, String header, Section section) {
    if (session.isJson()) {
      return;
    }
    session.console.plain(session.console.dim(header));
    for (String line : section.sql().strip().split("\n")) {
      session.console.plain("    " + line);
    }
  }
}
