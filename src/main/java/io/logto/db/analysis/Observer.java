package io.logto.db.analysis;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, on the analysis connection, what the statements just run did to the relations that
 * existed before the alteration started: the relation locks this backend holds
 * ({@code pg_locks}, granted, {@code pid = pg_backend_pid()}), file nodes, and this transaction's
 * counters in {@code pg_stat_xact_user_tables}. One round trip per statement.
 */
final class Observer {
  /** A relation that existed before the alteration: its name, kind and, for an index, its table's OID. */
  record Relation(long oid, String name, char kind, long table) {}

  /** One relation as read after a statement. */
  record Sample(Long filenode, Set<LockMode> modes, long seqScans, long seqRead, long written, long indexes) {}

  /** All relations after a statement, and the rows read and written in this transaction in all tables. */
  record State(Map<Long, Sample> relations, long work, long written) {}

  private static final String BASELINE = """
      select c.oid, case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end,
        c.relkind, coalesce(i.indrelid, 0)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_index i on i.indexrelid = c.oid
      where c.relkind in ('r', 'p', 'm', 'i') and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'""";

  /** pg_locks and the statistics views are read once per sample (pg_locks snapshots every lock of the server). */
  private static final String SAMPLE = """
      with l as materialized (
        select relation, array_agg(mode::text) as modes from pg_locks
        where locktype = 'relation' and granted and pid = pg_backend_pid() group by relation),
      s as materialized (
        select relid, seq_scan, seq_tup_read, n_tup_ins + n_tup_upd + n_tup_del as written,
          seq_tup_read + coalesce(idx_tup_fetch, 0) + n_tup_ins + n_tup_upd + n_tup_del as work
        from pg_stat_xact_user_tables),
      i as materialized (select indrelid, count(*) as n from pg_index group by indrelid)
      select b.oid, pg_relation_filenode(b.oid), coalesce(l.modes, '{}'),
        coalesce(s.seq_scan, 0), coalesce(s.seq_tup_read, 0), coalesce(s.written, 0), coalesce(i.n, 0),
        (select coalesce(sum(work), 0) from s), (select coalesce(sum(written), 0) from s)
      from unnest(?::oid[]) b(oid) left join l on l.relation = b.oid left join s on s.relid = b.oid
        left join i on i.indrelid = b.oid""";

  private final Connection connection;
  private final Map<Long, Relation> relations = new LinkedHashMap<>();

  Observer(Connection connection) {
    this.connection = connection;
  }

  /** Records the relations that exist now: the ones whose locks and rewrites count. */
  void baseline() throws SQLException {
    relations.clear();
    try (PreparedStatement st = connection.prepareStatement(BASELINE); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        relations.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), rs.getString(3).charAt(0),
            rs.getLong(4)));
      }
    }
  }

  State sample() throws SQLException {
    Map<Long, Sample> samples = new HashMap<>();
    long work = 0;
    long written = 0;
    try (PreparedStatement st = connection.prepareStatement(SAMPLE)) {
      Array oids = connection.createArrayOf("bigint", relations.keySet().toArray());
      st.setArray(1, oids);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Set<LockMode> modes = EnumSet.noneOf(LockMode.class);
          for (String mode : (String[]) rs.getArray(3).getArray()) {
            LockMode.ofCatalog(mode).ifPresent(modes::add);
          }
          long oid = rs.getLong(1);
          long filenode = rs.getLong(2);
          Long file = rs.wasNull() ? null : filenode; // a relation dropped in this transaction has none
          samples.put(oid, new Sample(file, modes, rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
          work = rs.getLong(8);
          written = rs.getLong(9);
        }
      }
    }
    return new State(samples, work, written);
  }

  /** What happened between two samples, as the observation of the statement that ran between them. */
  Observation compare(State before, State after, String file, String section, int line, String statement) {
    // Long: one pass over the relations, every fact of a relation read from the same pair of samples
    Map<String, LockMode> taken = new LinkedHashMap<>();
    Map<String, LockMode> held = new LinkedHashMap<>();
    List<String> rewritten = new ArrayList<>();
    List<String> indexed = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    for (Relation relation : relations.values()) {
      Sample was = before.relations().get(relation.oid());
      Sample is = after.relations().get(relation.oid());
      if (was == null || is == null) {
        continue;
      }
      boolean changedFile = was.filenode() != null && is.filenode() != null && !was.filenode().equals(is.filenode());
      if (relation.kind() == 'i') {
        Relation table = relations.get(relation.table());
        if (changedFile && table != null && !indexed.contains(table.name())) {
          indexed.add(table.name());
        }
        continue;
      }
      EnumSet<LockMode> added = is.modes().isEmpty() ? EnumSet.noneOf(LockMode.class) : EnumSet.copyOf(is.modes());
      added.removeAll(was.modes());
      LockMode.strongest(added).ifPresent(m -> taken.put(relation.name(), m));
      LockMode.strongest(is.modes()).ifPresent(m -> held.put(relation.name(), m));
      if (changedFile) {
        rewritten.add(relation.name());
      }
      if (is.indexes() > was.indexes() && !indexed.contains(relation.name())) {
        indexed.add(relation.name());
      }
      // a validating statement writes nothing and takes its own strong lock (or runs under one already held);
      // a statement that newly takes only a reading or writing mode is a query, not a validation
      boolean queryLock = LockMode.strongest(added).map(m -> m.compareTo(LockMode.SHARE_UPDATE_EXCLUSIVE) < 0)
          .orElse(false);
      if (is.seqRead() > was.seqRead() && after.written() == before.written() && !queryLock) {
        scanned.add(relation.name());
      }
    }
    return new Observation(file, section, line, statement, false, taken, held, rewritten, indexed, scanned,
        Math.max(0, after.work() - before.work()));
  }
}
