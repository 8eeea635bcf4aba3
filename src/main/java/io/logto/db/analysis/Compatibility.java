package io.logto.db.analysis;

import io.logto.db.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: what in a version's schema breaks instances of the previous version that keep running during
 * a rolling upgrade. Compares the two snapshots: tables and columns gone (dropped or renamed),
 * columns that must be given a value the old instances do not send (NOT NULL without a default),
 * types that changed other than by widening, new unique and check constraints and unique indexes on
 * tables the old version writes, enum labels removed, and routines whose signature is gone.
 */
public final class Compatibility {
  private static final Pattern LENGTH = Pattern.compile("(character varying|character|bit varying|numeric)\\((\\d+)"
      + "(?:,\\d+)?\\)");
  private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

  private Compatibility() {}

  /** The breaks of {@code next} (version {@code version}) for instances of {@code previousVersion}. */
  public static List<Finding> breaks(String previousVersion, Snapshot previous, String version, Snapshot next) {
    List<Finding> findings = new ArrayList<>();
    String running = "instances still running " + previousVersion;
    String where = "version " + version;
    for (Snapshot.Table old : previous.tables().values()) {
      Snapshot.Table now = next.tables().get(old.name());
      if (now == null) {
        findings.add(new Finding(HazardKind.DROPPED_TABLE, old.name(), version, where, 0, "",
            "table " + old.name() + " is gone (dropped or renamed): " + running + " read and write it"));
        continue;
      }
      columns(old, now, running, version, where, findings);
      for (Map.Entry<String, Snapshot.Part> constraint : now.constraints().entrySet()) {
        String definition = constraint.getValue().definition();
        if (!old.constraints().containsKey(constraint.getKey())
            && (definition.startsWith("UNIQUE") || definition.startsWith("CHECK"))) {
          findings.add(new Finding(HazardKind.NEW_CONSTRAINT, old.name() + "." + constraint.getKey(), version, where,
              0, "", "new constraint " + constraint.getKey() + " on " + old.name() + " (" + definition + "): "
                  + running + " write " + old.name() + " without knowing it"));
        }
      }
    }
    for (Snapshot.Index index : next.indexes().values()) {
      if (!previous.indexes().containsKey(index.name()) && previous.tables().containsKey(index.table())
          && index.definition().startsWith("CREATE UNIQUE INDEX")) {
        findings.add(new Finding(HazardKind.NEW_CONSTRAINT, index.name(), version, where, 0, "",
            "new unique index " + index.name() + " on " + index.table() + ": " + running + " write "
                + index.table() + " without knowing it"));
      }
    }
    labels(previous, next, running, version, where, findings);
    routines(previous, next, running, version, where, findings);
    return findings;
  }

  private static void columns(Snapshot.Table old, Snapshot.Table now, String running, String version, String where,
      List<Finding> findings) {
    List<String> added = now.columns().keySet().stream().filter(c -> !old.columns().containsKey(c)).toList();
    for (Snapshot.Column column : old.columns().values()) {
      Snapshot.Column is = now.columns().get(column.name());
      String object = old.name() + "." + column.name();
      if (is == null) {
        findings.add(new Finding(HazardKind.DROPPED_COLUMN, object, version, where, 0, "", "column " + object
            + " is gone (dropped or renamed" + (added.isEmpty() ? "" : "; new: " + String.join(", ", added)) + "): "
            + running + " read and write " + object));
      } else if (!is.type().equals(column.type()) && !widens(column.type(), is.type())) {
        findings.add(new Finding(HazardKind.NARROWED_TYPE, object, version, where, 0, "", "column " + object
            + " changes type from " + column.type() + " to " + is.type() + ": " + running + " write values of "
            + column.type()));
      }
    }
    for (Snapshot.Column column : now.columns().values()) {
      Snapshot.Column was = old.columns().get(column.name());
      boolean required = column.notNull() && column.defaultValue().isEmpty() && column.identity().isEmpty()
          && column.generated().isEmpty();
      if (required && (was == null || !was.notNull())) {
        findings.add(new Finding(HazardKind.NOT_NULL, old.name() + "." + column.name(), version, where, 0, "",
            "column " + old.name() + "." + column.name() + (was == null ? " is new and" : " becomes")
                + " NOT NULL without a default: " + running + " insert into " + old.name() + " without "
                + column.name()));
      }
    }
  }

  private static void labels(Snapshot previous, Snapshot next, String running, String version, String where,
      List<Finding> findings) {
    for (Snapshot.Type old : previous.types().values()) {
      Snapshot.Type now = next.types().get(old.name());
      if (!old.kind().equals("enum") || now == null) {
        continue;
      }
      for (String label : old.labels()) {
        if (!now.labels().contains(label)) {
          findings.add(new Finding(HazardKind.REMOVED_LABEL, old.name() + "." + label, version, where, 0, "",
              "enum type " + old.name() + " loses its label '" + label + "': " + running + " still write it"));
        }
      }
    }
  }

  private static void routines(Snapshot previous, Snapshot next, String running, String version, String where,
      List<Finding> findings) {
    for (Snapshot.Routine old : previous.routines().values()) {
      if (next.routines().containsKey(old.signature())) {
        continue;
      }
      String name = nameOf(old.signature());
      Optional<String> replacement = next.routines().keySet().stream().filter(s -> nameOf(s).equals(name)).findFirst();
      findings.add(new Finding(HazardKind.CHANGED_FUNCTION, name, version, where, 0, "", old.kind() + " "
          + old.signature() + (replacement.map(r -> " is now " + r).orElse(" is gone")) + ": " + running
          + " call " + old.signature()));
    }
  }

  private static String nameOf(String signature) {
    int paren = signature.indexOf('(');
    return paren < 0 ? signature : signature.substring(0, paren);
  }

  /** Whether a value of type {@code from} always fits {@code to}: longer lengths, text, larger integers. */
  static boolean widens(String from, String to) {
    if (to.equals("text") && (from.startsWith("character varying") || from.startsWith("character("))) {
      return true;
    }
    int fromInt = INTEGERS.indexOf(from);
    int toInt = INTEGERS.indexOf(to);
    if (fromInt >= 0 && toInt >= 0) {
      return toInt > fromInt;
    }
    Matcher f = LENGTH.matcher(from);
    if (f.matches()) {
      if (to.equals(f.group(1))) {
        return true; // the same type without a length limit
      }
      Matcher t = LENGTH.matcher(to);
      return t.matches() && t.group(1).equals(f.group(1)) && !f.group(1).equals("numeric")
          && Integer.parseInt(t.group(2)) >= Integer.parseInt(f.group(2));
    }
    return false;
  }
}
