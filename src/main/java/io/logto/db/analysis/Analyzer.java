package io.logto.db.analysis;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Section;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.script.SqlSplitter;
import io.logto.db.script.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs alterations on an analysis database (a scratch database of its own, never the one a
 * round trip or a product uses) and observes every statement: before a version's scripts, the
 * tables get a few more rows ({@link Seeder}); each alteration's {@code before-up} statements
 * run one by one, each in a transaction of its own when the server allows it (a concurrent build
 * refuses one and then runs alone), then its up section statement by statement in one transaction,
 * committed, so the next alteration starts from its schema as it would in production.
 *
 * <p>An alteration that fails here (the made-up rows can break a rule a real database keeps) stops
 * the analysis: the database no longer follows the history, so later versions are not analysed.
 */
public final class Analyzer {
  /** The findings of one version's alterations, notes on what could not be analysed, and what was observed. */
  public record Result(List<Finding> findings, List<String> notes, List<Observation> observations) {
    public Result {
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
      observations = List.copyOf(observations);
    }
  }

  private static final String OUTSIDE_TRANSACTION = "25001";

  private final Connection connection;
  private final Observer observer;
  private final Seeder seeder = new Seeder();
  private Optional<String> stopped = Optional.empty();

  /** An analyzer on {@code connection}, a connection to an analysis database it may fill and alter. */
  public Analyzer(Connection connection) {
    this.connection = connection;
    this.observer = new Observer(connection);
  }

  /** Runs alterations without observing them: brings the analysis database to a deployed state. */
  public void apply(List<Alteration> alterations) {
    for (Alteration alteration : alterations) {
      try {
        run(alteration, false, new ArrayList<>());
      } catch (SQLException | RuntimeException e) {
        stop(alteration, e);
        return;
      }
    }
  }

  /** Adds rows to every table, then runs and observes one version's alterations; returns their hazards. */
  public Result analyze(String version, List<Alteration> alterations) {
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Observation> observed = new ArrayList<>();
    if (stopped.isPresent()) {
      notes.add("Version " + version + " not analysed: " + stopped.get());
      return new Result(findings, notes, observed);
    }
    try {
      for (String table : seeder.seed(connection)) {
        notes.add("Version " + version + ": no rows could be made up for table " + table + " (its rules refuse"
            + " them), so scans of it are not observed");
      }
    } catch (SQLException e) {
      notes.add("Version " + version + ": no rows could be made up: " + SqlErrors.oneLine(e));
    }
    for (Alteration alteration : alterations) {
      List<Observation> observations = new ArrayList<>();
      try {
        observer.baseline();
        run(alteration, true, observations);
      } catch (SQLException | RuntimeException e) {
        stop(alteration, e);
        notes.add(stopped.get());
        return new Result(findings, notes, observed);
      }
      observed.addAll(observations);
      findings.addAll(HazardRules.of(version, observations));
    }
    return new Result(findings, notes, observed);
  }

  private void stop(Alteration alteration, Exception e) {
    try {
      connection.rollback();
    } catch (SQLException rollback) {
      e.addSuppressed(rollback);
    }
    stopped = Optional.of("the analysis stopped at " + alteration.fileName() + ", which failed on the analysis"
        + " database: " + SqlErrors.oneLine(e) + " (the round trip reports it if it fails there too)");
  }

  private void run(Alteration alteration, boolean observe, List<Observation> observations) throws SQLException {
    if (alteration.program().isPresent()) {
      runJava(alteration, observe, observations);
      return;
    }
    Optional<Section> before = alteration.beforeUp();
    if (before.isPresent()) {
      for (SqlStatement statement : SqlSplitter.split(before.get().sql())) {
        runAlone(alteration, before.get(), statement, observe, observations);
      }
    }
    connection.setAutoCommit(false);
    Observer.State state = observe ? observer.sample() : null;
    Section up = alteration.up();
    try (Statement st = connection.createStatement()) {
      for (SqlStatement statement : SqlSplitter.split(up.sql())) {
        st.execute(statement.sql());
        if (observe) {
          Observer.State after = observer.sample();
          observations.add(observer.compare(state, after, alteration.fileName(), "up", line(up, statement),
              firstLine(statement.sql())));
          state = after;
        }
      }
    }
    connection.commit();
  }

  /** A before-* statement: in a transaction of its own to observe it, alone when it refuses one. */
  private void runAlone(Alteration alteration, Section section, SqlStatement statement, boolean observe,
      List<Observation> observations) throws SQLException {
    connection.setAutoCommit(false);
    Observer.State state = observe ? observer.sample() : null;
    try (Statement st = connection.createStatement()) {
      st.execute(statement.sql());
      if (observe) {
        observations.add(observer.compare(state, observer.sample(), alteration.fileName(), "before-up",
            line(section, statement), firstLine(statement.sql())));
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      if (!OUTSIDE_TRANSACTION.equals(e.getSQLState())) {
        throw e;
      }
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute(statement.sql());
      }
      if (observe) {
        observations.add(new Observation(alteration.fileName(), "before-up", line(section, statement),
            firstLine(statement.sql()), true, java.util.Map.of(), java.util.Map.of(), List.of(), List.of(),
            List.of(), 0));
      }
    }
  }

  /** A Java alteration is observed as one unit: its before-up alone, its up in one transaction. */
  private void runJava(Alteration alteration, boolean observe, List<Observation> observations) throws SQLException {
    connection.setAutoCommit(true);
    alteration.program().get().beforeUp(connection);
    connection.setAutoCommit(false);
    Observer.State state = observe ? observer.sample() : null;
    alteration.program().get().up(connection);
    if (observe) {
      observations.add(observer.compare(state, observer.sample(), alteration.fileName(), "up", 0,
          "(Java alteration " + alteration.program().get().getClass().getName() + ")"));
    }
    connection.commit();
  }

  /** The script line where the statement's SQL starts (after leading comments and blank lines). */
  static int line(Section section, SqlStatement statement) {
    String sql = section.sql();
    int at = statement.offset() + leadingNoise(statement.sql());
    return section.firstLine() + SqlSplitter.lineOf(sql, Math.min(at, sql.length())) - 1;
  }

  /** The statement's first line of SQL, without leading comments and blank lines. */
  static String firstLine(String sql) {
    String rest = sql.substring(leadingNoise(sql));
    int end = rest.indexOf('\n');
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }

  private static int leadingNoise(String sql) {
    int i = 0;
    while (i < sql.length()) {
      if (Character.isWhitespace(sql.charAt(i))) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else {
        break;
      }
    }
    return i;
  }
}
