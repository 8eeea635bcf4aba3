package io.logto.db.cli.render;

import io.logto.db.alteration.Alteration;
import io.logto.db.diff.SchemaDiff;
import io.logto.db.snapshot.Difference;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code diff}'s report in its three forms: text for a terminal (coloured there), Markdown for a
 * pull-request comment, and the fields of the {@code --json} document (docs/json.md). Each change
 * is one line, grouped by kind of object: {@code added}, {@code removed} or {@code changed (old →
 * new)}, with the versions that made it.
 */
public final class DiffReport {
  private DiffReport() {}

  /** The arrow between an old and a new value: {@code →}, or {@code ->} where the output cannot encode it. */
  public static String arrow() {
    return Charset.defaultCharset().newEncoder().canEncode('\u2192') ? "\u2192" : "->";
  }

  /** The headline: what was compared and how much changed. */
  public static String headline(SchemaDiff diff) {
    String counts = countsLine(diff);
    return switch (diff.mode()) {
      case SAME -> diff.from() + " and " + diff.to() + " are the same version: no schema change";
      case UPGRADE -> "Schema changes from " + diff.from() + " up to " + diff.to() + ": "
          + plural(diff.alterationCount(), "alteration") + " in " + plural(diff.steps().size(), "version")
          + " deployed, " + counts;
      case DOWNGRADE -> "Schema changes from " + diff.from() + " down to " + diff.to() + ": "
          + plural(diff.alterationCount(), "alteration") + " in " + plural(diff.steps().size(), "version")
          + " reverted, " + counts;
      case DRIFT -> "Drift of " + diff.to() + " from " + diff.from() + ": " + counts;
    };
  }

  private static String countsLine(SchemaDiff diff) {
    if (diff.changes().isEmpty()) {
      return "no changes";
    }
    Map<Difference.Change, Long> counts = diff.counts();
    return plural(diff.changes().size(), "change") + " (" + counts.get(Difference.Change.ADDED) + " added, "
        + counts.get(Difference.Change.REMOVED) + " removed, " + counts.get(Difference.Change.CHANGED) + " changed)";
  }

  /** The text report, line by line; {@code console} colours it on a terminal. */
  public static List<String> text(SchemaDiff diff, Console console, String arrow) {
    List<String> lines = new ArrayList<>();
    lines.add(console.bold(headline(diff)));
    if (!diff.steps().isEmpty()) {
      lines.add("");
      lines.add(console.bold(stepsTitle(diff)));
      int width = diff.steps().stream().mapToInt(s -> s.version().length()).max().orElse(0);
      for (SchemaDiff.Step step : diff.steps()) {
        if (step.alterations().isEmpty()) {
          lines.add("  " + pad(step.version(), width) + "  (no alterations)");
        }
        for (int i = 0; i < step.alterations().size(); i++) {
          lines.add("  " + pad(i == 0 ? step.version() : "", width) + "  " + step.alterations().get(i).fileName());
        }
      }
    }
    for (Map.Entry<Difference.Kind, List<SchemaDiff.Change>> group : diff.byKind().entrySet()) {
      lines.add("");
      lines.add(console.bold(title(group.getKey())));
      for (SchemaDiff.Change change : group.getValue()) {
        Difference d = change.difference();
        String verb = switch (d.change()) {
          case ADDED -> console.green(pad("added", 7));
          case REMOVED -> console.red(pad("removed", 7));
          case CHANGED -> console.yellow(pad("changed", 7));
        };
        lines.add("  " + verb + "  " + describe(d, arrow) + versions(change, console));
      }
    }
    return lines;
  }

  /** The Markdown report, for a pull-request comment. */
  public static String markdown(SchemaDiff diff, String arrow) {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(escape(headline(diff))).append("\n");
    if (!diff.steps().isEmpty()) {
      md.append("\n| version | ").append(stepsTitle(diff).toLowerCase(java.util.Locale.ROOT)).append(" |\n")
          .append("|---|---|\n");
      for (SchemaDiff.Step step : diff.steps()) {
        List<String> names = step.alterations().stream().map(a -> code(a.fileName())).toList();
        md.append("| ").append(step.version()).append(" | ")
            .append(names.isEmpty() ? "(no alterations)" : String.join("<br>", names)).append(" |\n");
      }
    }
    for (Map.Entry<Difference.Kind, List<SchemaDiff.Change>> group : diff.byKind().entrySet()) {
      md.append("\n#### ").append(title(group.getKey())).append("\n\n");
      for (SchemaDiff.Change change : group.getValue()) {
        Difference d = change.difference();
        md.append("- **").append(d.change().label()).append("** ").append(code(d.object()));
        if (!d.part().isEmpty()) {
          md.append(": ").append(escape(d.part()));
        }
        d.shown().ifPresent(shown -> md.append(escape(shown.where())).append(": ").append(code(shown.before()))
            .append(" ").append(arrow).append(" ").append(code(shown.after())));
        if (!change.versions().isEmpty()) {
          md.append(" (").append(String.join(", ", change.versions())).append(")");
        }
        md.append("\n");
      }
    }
    if (!diff.notes().isEmpty()) {
      md.append("\n");
      diff.notes().forEach(note -> md.append("> ").append(escape(note)).append("\n"));
    }
    return md.toString();
  }

  /** The diff's fields of the {@code --json} document. */
  public static void json(JsonObject node, SchemaDiff diff, String arrow) {
    node.put("mode", diff.mode().label());
    node.put("from", diff.from());
    node.put("to", diff.to());
    JsonArray versions = node.putArray("versions");
    for (SchemaDiff.Step step : diff.steps()) {
      JsonObject v = versions.addObject();
      v.put("version", step.version());
      JsonArray alterations = v.putArray("alterations");
      for (Alteration alteration : step.alterations()) {
        Json.alteration(alterations.addObject(), alteration);
      }
    }
    JsonArray changes = node.putArray("changes");
    for (SchemaDiff.Change change : diff.byKind().values().stream().flatMap(List::stream).toList()) {
      Difference d = change.difference();
      JsonObject c = changes.addObject();
      c.put("kind", d.kind().label());
      c.put("change", d.change().label());
      c.put("object", d.object());
      c.put("part", d.part());
      c.put("before", d.change() == Difference.Change.CHANGED ? d.expected().orElse(null) : null);
      c.put("after", d.change() == Difference.Change.CHANGED ? d.found().orElse(null) : null);
      JsonArray by = c.putArray("versions");
      change.versions().forEach(by::add);
      c.put("text", describe(d, arrow));
    }
    JsonObject counts = node.putObject("counts");
    diff.counts().forEach((change, count) -> counts.put(change.label(), count));
    node.put("builtOn", diff.builtOn());
  }

  /** The difference as a change: {@code table users: column name type: text → varchar(64)}. */
  public static String describe(Difference d, String arrow) {
    return arrow.equals("\u2192") ? d.describe() : d.describe().replace("\u2192", arrow);
  }

  private static String versions(SchemaDiff.Change change, Console console) {
    return change.versions().isEmpty() ? "" : console.dim("  (" + String.join(", ", change.versions()) + ")");
  }

  private static String stepsTitle(SchemaDiff diff) {
    return diff.mode() == SchemaDiff.Mode.DOWNGRADE ? "Alterations reverted, newest first" : "Alterations deployed";
  }

  private static String title(Difference.Kind kind) {
    String label = kind.label();
    return Character.toUpperCase(label.charAt(0)) + label.substring(1);
  }

  /** Inline code, with a fence long enough for the backticks inside. */
  private static String code(String text) {
    String fence = text.contains("`") ? "``" : "`";
    String padding = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return fence + padding + text + padding + fence;
  }

  /** Text with the characters Markdown would read as formatting escaped. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
        .replace("|", "\\|");
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
