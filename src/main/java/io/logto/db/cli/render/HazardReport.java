package io.logto.db.cli.render;

import io.logto.db.analysis.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The hazards of {@code check} and {@code deploy --dry-run --analyze}: as text, grouped under the
 * script (or version) they belong to, each with the statement, why it hurts and the safe form; and
 * as the objects of the {@code hazards} array of {@code --json} (docs/json.md).
 */
public final class HazardReport {
  private HazardReport() {}

  /** The heading of a script's (or a version's) hazards. */
  public static String heading(Finding finding) {
    return "hazards of " + finding.file() + ":";
  }

  /**
   * The lines of one finding under its heading: the fact, its blast radius on the database when
   * measured, then the statement, why and fix; an accepted one gives its reason instead of those three.
   */
  public static List<String> lines(Finding finding) {
    List<String> lines = new ArrayList<>();
    String where = finding.line() > 0 ? "line " + finding.line() + ": " : "";
    lines.add("  " + where + finding.kind() + " " + finding.object() + ": " + finding.fact());
    finding.size().ifPresent(s -> lines.add("    on this database: " + s));
    if (finding.isAccepted()) {
      lines.add("    accepted: " + finding.accepted().get());
      return lines;
    }
    if (!finding.statement().isEmpty()) {
      lines.add("    statement: " + finding.statement());
    }
    lines.add("    why: " + finding.why());
    lines.add("    fix: " + finding.fix());
    return lines;
  }

  /** Adds the finding to the {@code hazards} array. */
  public static void json(JsonArray hazards, Finding finding) {
    JsonObject node = hazards.addObject();
    node.put("kind", finding.kind().word());
    node.put("object", finding.object());
    node.put("version", finding.version());
    node.put("file", finding.file());
    node.put("line", finding.line());
    node.put("statement", finding.statement());
    node.put("fact", finding.fact());
    finding.lock().ifPresentOrElse(m -> node.put("lock", m.toString()), () -> node.putNull("lock"));
    node.put("why", finding.why());
    node.put("fix", finding.fix());
    finding.accepted().ifPresentOrElse(r -> node.put("accepted", r), () -> node.putNull("accepted"));
    finding.size().ifPresentOrElse(s -> node.put("size", s), () -> node.putNull("size"));
  }

  /** The summary line: {@code 7 hazards: 5 accepted, 2 not accepted}. */
  public static String summary(List<Finding> findings) {
    long accepted = findings.stream().filter(Finding::isAccepted).count();
    return findings.size() + (findings.size() == 1 ? " hazard" : " hazards") + ": " + accepted + " accepted, "
        + (findings.size() - accepted) + " not accepted";
  }
}
