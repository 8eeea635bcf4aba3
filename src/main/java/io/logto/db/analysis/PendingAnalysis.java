package io.logto.db.analysis;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.snapshot.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * {@code deploy --dry-run --analyze} and {@code Logto.analyze}: on an empty analysis database, the
 * alterations already applied to the target run unobserved (so the analysis starts from the target's
 * schema), then the pending ones are observed version by version; their acceptances are applied and
 * the size of every relation a lock hazard touches is read from the target, read-only. Nothing is
 * written to the target.
 */
public final class PendingAnalysis {
  /** Reads a schema snapshot on a connection (the command line passes the snapshot reader). */
  @FunctionalInterface
  public interface Snapshots {
    Snapshot read(Connection connection) throws SQLException;
  }

  /** The findings (sizes filled in where measured) and notes on what could not be analysed. */
  public record Result(List<Finding> findings, List<String> notes) {
    public Result {
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }
  }

  private PendingAnalysis() {}

  /**
   * Analyses {@code pending} on {@code scratch} after running {@code applied} there; with
   * {@code snapshots}, also the compatibility of each pending version with the one before it.
   */
  public static Result run(Connection scratch, Connection target, List<Alteration> applied, List<Alteration> pending,
      Optional<Snapshots> snapshots) throws SQLException {
    Analyzer analyzer = new Analyzer(scratch);
    analyzer.apply(applied);
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String previous = applied.stream().map(Alteration::version).max(AlterationVersion::compareTo)
        .map(Object::toString).orElse("0.0.0");
    Optional<Snapshot> before = snapshots.isPresent() ? Optional.of(snapshot(scratch, snapshots.get()))
        : Optional.empty();
    for (AlterationVersion version : pending.stream().map(Alteration::version).distinct().sorted().toList()) {
      Analyzer.Result result = analyzer.analyze(version.toString(),
          pending.stream().filter(a -> a.version().equals(version)).toList());
      findings.addAll(result.findings());
      notes.addAll(result.notes());
      if (before.isPresent()) {
        Snapshot after = snapshot(scratch, snapshots.get());
        if (!applied.isEmpty() || !previous.equals("0.0.0")) {
          findings.addAll(Compatibility.breaks(previous, before.get(), version.toString(), after));
        }
        before = Optional.of(after);
      }
      previous = version.toString();
    }
    List<Acceptances.Acceptance> acceptances = new ArrayList<>();
    for (Alteration alteration : pending) {
      acceptances.addAll(Acceptances.of(alteration, text(alteration)));
    }
    return new Result(BlastRadius.measure(target, Acceptances.apply(findings, acceptances)), notes);
  }

  private static Snapshot snapshot(Connection scratch, Snapshots snapshots) throws SQLException {
    scratch.setAutoCommit(false);
    try {
      return snapshots.read(scratch);
    } finally {
      scratch.rollback();
    }
  }

  /** The whole script file of an SQL alteration, read again from where it was found, when it can be. */
  static Optional<String> text(Alteration alteration) {
    String location = alteration.location();
    try {
      int jar = location.indexOf("!/");
      if (jar > 0) {
        try (ZipFile zip = new ZipFile(location.substring(0, jar));
            InputStream in = zip.getInputStream(zip.getEntry(location.substring(jar + 2)))) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      Path path = Path.of(location);
      return Files.isRegularFile(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the sections' comments still count
    }
  }
}
