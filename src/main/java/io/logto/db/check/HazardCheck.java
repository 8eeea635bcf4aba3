package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.analysis.Acceptances;
import io.logto.db.analysis.Analyzer;
import io.logto.db.analysis.Compatibility;
import io.logto.db.analysis.Finding;
import io.logto.db.analysis.Observation;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hazard part of {@code check}: on an analysis database of its own on the scratch server, each
 * version's alterations run and are observed ({@link Analyzer}); the schemas the round trip
 * snapshotted after each version are compared with the previous version's
 * ({@link Compatibility}); the scripts' {@code -- logto:accept} comments are applied. Findings per
 * alteration, in history order.
 */
final class HazardCheck {
  /** Every finding (accepted ones marked) and notes on what could not be analysed. */
  record Outcome(List<Finding> findings, List<String> notes) {
    Outcome {
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }
  }

  private HazardCheck() {}

  /** Observes every alteration, version by version, on a new analysis database of {@code server}. */
  static Analyzed observe(ScratchServer server, List<Alteration> alterations, List<AlterationVersion> versions) {
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    try (Database database = server.open(server.createDatabase());
        Connection connection = database.dataSource().getConnection()) {
      Analyzer analyzer = new Analyzer(connection);
      for (AlterationVersion version : versions) {
        Analyzer.Result result = analyzer.analyze(version.toString(),
            alterations.stream().filter(a -> a.version().equals(version)).toList());
        findings.addAll(result.findings());
        notes.addAll(result.notes());
        observations.addAll(result.observations());
      }
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot analyse the alterations on " + server.description()
          + ": " + SqlErrors.oneLine(e) + ".", e);
    }
    return new Analyzed(findings, notes, observations);
  }

  /** The lock findings of {@link #observe}, before compatibility and acceptances, and what they come from. */
  record Analyzed(List<Finding> findings, List<String> notes, List<Observation> observations) {}

  /**
   * Adds the compatibility breaks between consecutive snapshots ({@code up.get(i)} is the schema at
   * {@code versions.get(i)}) and applies the acceptances of the scripts ({@code texts}: file name to
   * the script's whole text, where known).
   */
  static Outcome complete(Analyzed analyzed, List<Alteration> alterations, List<AlterationVersion> versions,
      List<Snapshot> up, Map<String, String> texts) {
    List<Finding> findings = new ArrayList<>();
    for (AlterationVersion version : versions) {
      String label = version.toString();
      int i = versions.indexOf(version);
      analyzed.findings().stream().filter(f -> f.version().equals(label)).forEach(findings::add);
      if (i > 0 && i < up.size()) {
        findings.addAll(Compatibility.breaks(versions.get(i - 1).toString(), up.get(i - 1), label, up.get(i)));
      }
    }
    List<Acceptances.Acceptance> acceptances = new ArrayList<>();
    for (Alteration alteration : alterations) {
      acceptances.addAll(Acceptances.of(alteration, Optional.ofNullable(texts.get(alteration.fileName()))));
    }
    return new Outcome(Acceptances.apply(findings, acceptances), analyzed.notes());
  }
}
