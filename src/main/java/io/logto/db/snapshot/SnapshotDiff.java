package io.logto.db.snapshot;

import io.logto.db.snapshot.Difference.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a snapshot with the expected one: a pure function from two snapshots to one line per
 * difference, in a stable order (schemas, extensions, types, sequences, tables, views, indexes,
 * routines; by name within each). Wording: an object the expected snapshot lacks "should not
 * exist", one it has and the other lacks is "missing", and a changed attribute "differs: expected
 * X, found Y". Column order is compared only when asked.
 */
public final class SnapshotDiff {
  private final boolean strictColumnOrder;
  private final List<Difference> differences = new ArrayList<>();

  private SnapshotDiff(boolean strictColumnOrder) {
    this.strictColumnOrder = strictColumnOrder;
  }

  /** The differences of {@code actual} from {@code expected}; empty when they match. */
  public static List<Difference> compare(Snapshot expected, Snapshot actual, boolean strictColumnOrder) {
    SnapshotDiff diff = new SnapshotDiff(strictColumnOrder);
    diff.run(expected, actual);
    return List.copyOf(diff.differences);
  }

  private void run(Snapshot expected, Snapshot actual) {
    objects(Kind.SCHEMAS, expected.schemas(), actual.schemas(), s -> "schema " + s.name(), (e, a) -> {
      attributes(Kind.SCHEMAS, "schema " + e.name(), "", e.attributes(), a.attributes());
      grants("schema " + e.name(), "", e.grants(), a.grants());
    });
    objects(Kind.EXTENSIONS, expected.extensions(), actual.extensions(), x -> "extension " + x.name(),
        (e, a) -> attributes(Kind.EXTENSIONS, "extension " + e.name(), "", e.attributes(), a.attributes()));
    objects(Kind.TYPES, expected.types(), actual.types(), Snapshot.Type::label, this::type);
    objects(Kind.SEQUENCES, expected.sequences(), actual.sequences(), s -> "sequence " + s.name(), (e, a) -> {
      attributes(Kind.SEQUENCES, "sequence " + e.name(), "", e.attributes(), a.attributes());
      grants("sequence " + e.name(), "", e.grants(), a.grants());
    });
    objects(Kind.TABLES, expected.tables(), actual.tables(), t -> "table " + t.name(), this::table);
    objects(Kind.VIEWS, expected.views(), actual.views(), Snapshot.View::label, (e, a) -> {
      attributes(Kind.VIEWS, e.label(), "", e.attributes(), a.attributes());
      grants(e.label(), "", e.grants(), a.grants());
    });
    objects(Kind.INDEXES, expected.indexes(), actual.indexes(), i -> "index " + i.name(),
        (e, a) -> attributes(Kind.INDEXES, "index " + e.name(), "", e.attributes(), a.attributes()));
    objects(Kind.FUNCTIONS, expected.routines(), actual.routines(), Snapshot.Routine::label, (e, a) -> {
      attributes(Kind.FUNCTIONS, e.label(), "", e.attributes(), a.attributes());
      grants(e.label(), "", e.grants(), a.grants());
    });
  }

  private void type(Snapshot.Type expected, Snapshot.Type actual) {
    String object = expected.label();
    attributes(Kind.TYPES, object, "", expected.attributes(), actual.attributes());
    if (expected.kind().equals("enum") && actual.kind().equals("enum")) {
      labels(object, expected.labels(), actual.labels());
    }
    grants(object, "", expected.grants(), actual.grants());
  }

  private void labels(String object, List<String> expected, List<String> actual) {
    for (String label : expected) {
      if (!actual.contains(label)) {
        differences.add(Difference.removed(Kind.TYPES, object, "label '" + label + "'"));
      }
    }
    for (String label : actual) {
      if (!expected.contains(label)) {
        differences.add(Difference.added(Kind.TYPES, object, "label '" + label + "'"));
      }
    }
    List<String> expectedOrder = expected.stream().filter(actual::contains).toList();
    List<String> actualOrder = actual.stream().filter(expected::contains).toList();
    if (!expectedOrder.equals(actualOrder)) {
      differences.add(Difference.changed(Kind.TYPES, object, "label order", quotedList(expectedOrder),
          quotedList(actualOrder)));
    }
  }

  private void table(Snapshot.Table expected, Snapshot.Table actual) {
    String object = "table " + expected.name();
    attributes(Kind.TABLES, object, "", expected.attributes(), actual.attributes());
    parts(Kind.COLUMNS, object, expected.columns(), actual.columns(), c -> "column " + c.name() + " (" + c.type() + ")",
        (e, a) -> {
          attributes(Kind.COLUMNS, object, "column " + e.name() + " ", e.attributes(), a.attributes());
          grants(object, "column " + e.name() + " ", e.grants(), a.grants());
        });
    if (strictColumnOrder) {
      columnOrder(object, expected, actual);
    }
    parts(Kind.CONSTRAINTS, object, expected.constraints(), actual.constraints(), "constraint ");
    parts(Kind.TRIGGERS, object, expected.triggers(), actual.triggers(), "trigger ");
    parts(Kind.POLICIES, object, expected.policies(), actual.policies(), "policy ");
    grants(object, "", expected.grants(), actual.grants());
  }

  private void columnOrder(String object, Snapshot.Table expected, Snapshot.Table actual) {
    List<String> expectedOrder = byPosition(expected, actual);
    List<String> actualOrder = byPosition(actual, expected);
    if (!expectedOrder.equals(actualOrder)) {
      differences.add(Difference.changed(Kind.COLUMNS, object, "column order",
          "(" + String.join(", ", expectedOrder) + ")", "(" + String.join(", ", actualOrder) + ")"));
    }
  }

  /** The columns of {@code table} that {@code other} has too, in position order. */
  private static List<String> byPosition(Snapshot.Table table, Snapshot.Table other) {
    return table.columns().values().stream()
        .filter(c -> other.columns().containsKey(c.name()))
        .sorted(Comparator.comparingInt(Snapshot.Column::position))
        .map(Snapshot.Column::name)
        .toList();
  }

  private void parts(Kind kind, String object, Map<String, Snapshot.Part> expected,
      Map<String, Snapshot.Part> actual, String label) {
    for (String name : union(expected.keySet(), actual.keySet())) {
      Snapshot.Part e = expected.get(name);
      Snapshot.Part a = actual.get(name);
      if (a == null) {
        differences.add(Difference.removed(kind, object, label + name));
      } else if (e == null) {
        differences.add(Difference.added(kind, object, label + name));
      } else {
        attributes(kind, object, label + name + " ", e.attributes(), a.attributes());
      }
    }
  }

  /** Sub-objects of an object (columns): missing, extra, or compared with {@code both}. */
  private <T> void parts(Kind kind, String object, Map<String, T> expected, Map<String, T> actual,
      Function<T, String> label, BiConsumer<T, T> both) {
    for (String name : union(expected.keySet(), actual.keySet())) {
      T e = expected.get(name);
      T a = actual.get(name);
      if (e != null && a != null) {
        both.accept(e, a);
      } else if (a == null) {
        differences.add(Difference.removed(kind, object, label.apply(e)));
      } else {
        differences.add(Difference.added(kind, object, label.apply(a)));
      }
    }
  }

  /** Top-level objects: missing, extra, or compared with {@code both}. */
  private <T> void objects(Kind kind, Map<String, T> expected, Map<String, T> actual, Function<T, String> label,
      BiConsumer<T, T> both) {
    for (String name : union(expected.keySet(), actual.keySet())) {
      T e = expected.get(name);
      T a = actual.get(name);
      if (a == null) {
        differences.add(Difference.removed(kind, label.apply(e), ""));
      } else if (e == null) {
        differences.add(Difference.added(kind, label.apply(a), ""));
      } else {
        both.accept(e, a);
      }
    }
  }

  private void attributes(Kind kind, String object, String prefix, Map<String, String> expected,
      Map<String, String> actual) {
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      String found = actual.get(entry.getKey());
      if (!Objects.equals(entry.getValue(), found)) {
        differences.add(Difference.changed(kind, object, prefix + entry.getKey(), entry.getValue(), found));
      }
    }
  }

  private void grants(String object, String prefix, Grants expected, Grants actual) {
    for (String grantee : Grants.grantees(expected, actual)) {
      SortedSet<String> missing = new TreeSet<>(expected.of(grantee));
      missing.removeAll(actual.of(grantee));
      SortedSet<String> extra = new TreeSet<>(actual.of(grantee));
      extra.removeAll(expected.of(grantee));
      if (!missing.isEmpty()) {
        differences.add(Difference.removed(Kind.GRANTS, object, prefix + "grant " + String.join(", ", missing)
            + " to " + grantee));
      }
      if (!extra.isEmpty()) {
        differences.add(Difference.added(Kind.GRANTS, object, prefix + "grant " + String.join(", ", extra)
            + " to " + grantee));
      }
    }
  }

  /**
   * ": expected X, found Y"; for texts of several lines (function bodies), the first line that
   * differs: " at line N: expected X, found Y".
   */
  static String expectedFound(String expected, String found) {
    Difference.Shown shown = Difference.Shown.of(expected, found);
    return shown.where() + ": expected " + shown.before() + ", found " + shown.after();
  }

  private static String quotedList(List<String> labels) {
    return labels.stream().map(l -> "'" + l + "'").collect(Collectors.joining(", ", "(", ")"));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

}
