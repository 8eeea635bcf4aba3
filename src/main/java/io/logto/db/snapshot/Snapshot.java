package io.logto.db.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The schema of one database as read from its catalogs. Objects are keyed by their name, schema
 * qualified unless they live in {@code public}. Every record says what it compares through
 * {@code attributes()}: attribute name to a printable value ({@code none} when absent).
 */
public record Snapshot(
    SortedMap<String, Schema> schemas,
    SortedMap<String, Extension> extensions,
    SortedMap<String, Type> types,
    SortedMap<String, Sequence> sequences,
    SortedMap<String, Table> tables,
    SortedMap<String, View> views,
    SortedMap<String, Index> indexes,
    SortedMap<String, Routine> routines) {

  public static final Snapshot EMPTY = new Snapshot(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
      new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

  public Snapshot {
    schemas = sorted(schemas);
    extensions = sorted(extensions);
    types = sorted(types);
    sequences = sorted(sequences);
    tables = sorted(tables);
    views = sorted(views);
    indexes = sorted(indexes);
    routines = sorted(routines);
  }

  static <V> SortedMap<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  static String show(Optional<String> value) {
    return value.orElse("none");
  }

  /** A schema (namespace). */
  public record Schema(String name, Optional<String> comment, Grants grants) {
    Map<String, String> attributes() {
      return Map.of("comment", show(comment));
    }
  }

  /** An installed extension; its member objects are not part of the snapshot. */
  public record Extension(String name, String version, String schema) {
    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("version", version);
      a.put("schema", schema);
      return a;
    }
  }

  /**
   * A user-defined type: {@code kind} is enum, domain, composite, range or base; an enum's
   * labels in their order; a domain's or composite's definition as text.
   */
  public record Type(String name, String kind, String definition, List<String> labels, Optional<String> comment,
      Grants grants) {
    public Type {
      labels = List.copyOf(labels);
    }

    String label() {
      return switch (kind) {
        case "domain" -> "domain " + name;
        case "base" -> "type " + name;
        default -> kind + " type " + name;
      };
    }

    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("kind", kind);
      a.put("definition", definition);
      a.put("comment", show(comment));
      return a;
    }
  }

  /** A sequence's definition (never its current value) and the column owning it, if any. */
  public record Sequence(String name, String dataType, long start, long increment, long minimum, long maximum,
      long cache, boolean cycle, Optional<String> ownedBy, Optional<String> comment, Grants grants) {
    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("data type", dataType);
      a.put("start", Long.toString(start));
      a.put("increment", Long.toString(increment));
      a.put("minimum", Long.toString(minimum));
      a.put("maximum", Long.toString(maximum));
      a.put("cache", Long.toString(cache));
      a.put("cycle", cycle ? "cycle" : "no cycle");
      a.put("owner column", show(ownedBy));
      a.put("comment", show(comment));
      return a;
    }
  }

  /** A constraint, trigger or policy of a table: its definition as PostgreSQL prints it, and its comment. */
  public record Part(String definition, Optional<String> comment) {
    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("definition", definition);
      a.put("comment", show(comment));
      return a;
    }
  }

  /** A table (also partitioned and foreign tables) with its columns, constraints, triggers and policies. */
  public record Table(String name, String kind, boolean unlogged, boolean rowSecurity, boolean forceRowSecurity,
      List<String> options, Optional<String> partitionKey, Optional<String> partitionOf, List<String> inherits,
      Optional<String> comment, Grants grants, SortedMap<String, Column> columns,
      SortedMap<String, Part> constraints, SortedMap<String, Part> triggers, SortedMap<String, Part> policies) {

    public Table {
      options = List.copyOf(options);
      inherits = List.copyOf(inherits);
      columns = sorted(columns);
      constraints = sorted(constraints);
      triggers = sorted(triggers);
      policies = sorted(policies);
    }

    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("kind", kind);
      a.put("persistence", unlogged ? "unlogged" : "logged");
      a.put("row level security", rowSecurity ? "enabled" : "disabled");
      a.put("forced row level security", forceRowSecurity ? "enabled" : "disabled");
      a.put("storage options", options.isEmpty() ? "none" : String.join(", ", options));
      a.put("partition key", show(partitionKey));
      a.put("partition of", show(partitionOf));
      a.put("inherits", inherits.isEmpty() ? "none" : String.join(", ", inherits));
      a.put("comment", show(comment));
      return a;
    }
  }

  /**
   * A column: its type, nullability, default, identity ({@code always} or {@code by default}),
   * generation expression, collation when not the type's, and its position (compared only on request).
   */
  public record Column(String name, int position, String type, boolean notNull, Optional<String> defaultValue,
      Optional<String> identity, Optional<String> generated, Optional<String> collation, Optional<String> comment,
      Grants grants) {
    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("type", type);
      a.put("nullability", notNull ? "not null" : "nullable");
      a.put("default", show(defaultValue));
      a.put("identity", identity.map(i -> "generated " + i).orElse("none"));
      a.put("generation expression", show(generated));
      a.put("collation", show(collation));
      a.put("comment", show(comment));
      return a;
    }
  }

  /** A view or materialized view: its definition as PostgreSQL prints it. */
  public record View(String name, boolean materialized, String definition, List<String> options,
      Optional<String> comment, Grants grants) {
    public View {
      options = List.copyOf(options);
    }

    String label() {
      return (materialized ? "materialized view " : "view ") + name;
    }

    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("kind", materialized ? "materialized view" : "view");
      a.put("definition", definition);
      a.put("options", options.isEmpty() ? "none" : String.join(", ", options));
      a.put("comment", show(comment));
      return a;
    }
  }

  /** An index that does not implement a primary key, unique or exclusion constraint (those are constraints). */
  public record Index(String name, String table, String definition, boolean valid, Optional<String> comment) {
    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("definition", definition);
      a.put("validity", valid ? "valid" : "invalid");
      a.put("comment", show(comment));
      return a;
    }
  }

  /** A function, procedure or aggregate, keyed by name and argument types; its definition as CREATE text. */
  public record Routine(String signature, String kind, String definition, Optional<String> comment, Grants grants) {
    String label() {
      return kind + " " + signature;
    }

    Map<String, String> attributes() {
      Map<String, String> a = new LinkedHashMap<>();
      a.put("kind", kind);
      a.put("definition", definition);
      a.put("comment", show(comment));
      return a;
    }
  }
}
