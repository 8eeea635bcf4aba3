package io.logto.db.cli;

import io.logto.db.cli.render.JsonArray;
import io.logto.db.alteration.Alteration;
import io.logto.db.analysis.Finding;
import io.logto.db.analysis.PendingAnalysis;
import io.logto.db.check.ScratchServer;
import io.logto.db.cli.render.HazardReport;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.DatabaseUrl;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.snapshot.SnapshotReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code deploy --dry-run --analyze}: the hazards of the pending alterations, measured on a scratch
 * server (the alterations already applied to the target run there first), with the size of each
 * relation a hazard touches read from the target, read-only. Nothing is written to the target.
 */
final class DryRunAnalysis {
  private DryRunAnalysis() {}

  static void print(Session session, Database target, List<Alteration> all, BigDecimal state,
      List<Alteration> pending, Optional<DatabaseUrl> scratchUrl) {
    if (pending.isEmpty()) {
      session.console.info("Analysis: nothing pending, nothing to analyse");
      return;
    }
    List<Alteration> applied = all.stream().filter(a -> a.isAppliedAt(state)).filter(a -> !pending.contains(a))
        .toList();
    PendingAnalysis.Result result;
    try (ScratchServer server = ScratchOption.servers(scratchUrl).get()) {
      server.onWarning(session.console::warn);
      session.console.info("Analysing " + Session.plural(pending.size(), "pending alteration") + " on "
          + server.description() + " (after the " + Session.plural(applied.size(), "applied alteration") + " the"
          + " target has), sizes read from " + target.description() + " read-only");
      try (Database scratch = server.open(server.createDatabase());
          Connection analysis = scratch.dataSource().getConnection();
          Connection read = target.dataSource().getConnection()) {
        result = PendingAnalysis.run(analysis, read, applied, pending, Optional.of(SnapshotReader::read));
      } catch (SQLException e) {
        throw new LogtoException(ErrorCode.DATABASE, "Cannot analyse the pending alterations: "
            + SqlErrors.oneLine(e) + ".", e);
      }
    }
    result.notes().forEach(session.console::warn);
    JsonArray hazards = session.array("hazards");
    String heading = null;
    for (Finding finding : result.findings()) {
      if (!HazardReport.heading(finding).equals(heading)) {
        heading = HazardReport.heading(finding);
        session.console.plain(heading);
      }
      HazardReport.lines(finding).forEach(session.console::plain);
      HazardReport.json(hazards, finding);
    }
    long accepted = result.findings().stream().filter(Finding::isAccepted).count();
    session.object("hazardCounts").put("found", result.findings().size()).put("accepted", accepted)
        .put("unaccepted", result.findings().size() - accepted);
    session.console.info("Analysis: " + HazardReport.summary(result.findings()));
  }
}
