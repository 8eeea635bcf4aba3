package io.logto.db.snapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The snapshot's objects while their rows are read. Tables come first, then their parts. */
final class SnapshotBuilder {
  final SortedMap<String, Snapshot.Schema> schemas = new TreeMap<>();
  final SortedMap<String, Snapshot.Extension> extensions = new TreeMap<>();
  final SortedMap<String, Snapshot.Type> types = new TreeMap<>();
  final SortedMap<String, Snapshot.Sequence> sequences = new TreeMap<>();
  final Map<String, TableBuilder> tables = new HashMap<>();
  final Map<String, Integer> positions = new HashMap<>();
  final SortedMap<String, Snapshot.View> views = new TreeMap<>();
  final SortedMap<String, Snapshot.Index> indexes = new TreeMap<>();
  final SortedMap<String, Snapshot.Routine> routines = new TreeMap<>();

  Snapshot build() {
    SortedMap<String, Snapshot.Table> result = new TreeMap<>();
    for (TableBuilder t : tables.values()) {
      Snapshot.Table h = t.header;
      result.put(h.name(), new Snapshot.Table(h.name(), h.kind(), h.unlogged(), h.rowSecurity(),
          h.forceRowSecurity(), h.options(), h.partitionKey(), h.partitionOf(), h.inherits(), h.comment(),
          h.grants(), t.columns, t.constraints, t.triggers, t.policies));
    }
    return new Snapshot(schemas, extensions, types, sequences, result, views, indexes, routines);
  }

  /** A table (its own attributes, no parts yet) while its parts are read. */
  static final class TableBuilder {
    final Snapshot.Table header;
    final SortedMap<String, Snapshot.Column> columns = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> constraints = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> triggers = new TreeMap<>();
    final SortedMap<String, Snapshot.Part> policies = new TreeMap<>();

    TableBuilder(Snapshot.Table header) {
      this.header = header;
    }
  }
}
