package io.logto.db.api;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.plan.Checks;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Status;
import io.logto.db.plan.Target;
import io.logto.db.run.AlterationRunner;
import io.logto.db.run.RunListener;
import io.logto.db.run.RunSettings;
import io.logto.db.script.AlterationDiscovery;
import io.logto.db.state.Journal;
import io.logto.db.state.LogtoConfigsStateStore;
import io.logto.db.state.PostgresJournal;
import io.logto.db.state.SchemaFingerprints;
import io.logto.db.state.StateStore;
import io.logto.db.state.StateView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * logto as a library: the same discovery, planning, locking and transactions as the command line,
 * on a {@link DataSource} the application owns. Errors are {@link LogtoException}s carrying the
 * same messages and {@link ErrorCode}s as the CLI.
 *
 * <pre>{@code
 * Logto.requireUpToDate(dataSource);                       // startup gate
 * Logto.builder(dataSource).build().deploy("latest");      // or deploy from the application
 * }</pre>
 */
public final class Logto {
  private final DataSource dataSource;
  private final List<Alteration> alterations;
  private final RunSettings settings;
  private final RunListener listener;
  private final StateStore store = new LogtoConfigsStateStore();
  private final Journal journal = new PostgresJournal();

  private Logto(Builder builder) {
    this.dataSource = builder.dataSource;
    this.alterations = builder.path != null ? AlterationDiscovery.fromPath(builder.path)
        : AlterationDiscovery.fromClasspath(builder.classLoader);
    this.settings = builder.settings;
    this.listener = builder.listener;
  }

  /** A builder reading alterations from the class path under {@code alterations/} by default. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The startup gate: returns when the database has every alteration on the class path applied
   * and no check failed; otherwise throws a {@link LogtoException} ({@link ErrorCode#NOT_UP_TO_DATE}
   * or {@link ErrorCode#CHECK_FAILED}) whose message is what {@code logto db alteration status} prints.
   */
  public static void requireUpToDate(DataSource dataSource) {
    builder(dataSource).build().requireUpToDate();
  }

  /** The alterations this instance knows, in timestamp order. */
  public List<Alteration> alterations() {
    return alterations;
  }

  /**
   * Where the database stands: version, pending alterations, check results, and whether the
   * schema was changed outside logto since its last deploy or rollback ({@link Status#drift()};
   * a product that wants to refuse to start on such a schema checks {@code status().drift().drifted()}).
   */
  public Status status() {
    StateView view = read();
    return Status.of(alterations, view.state(), Checks.of(alterations, view), SchemaFingerprints.compare(dataSource));
  }

  /** See {@link #requireUpToDate(DataSource)}. */
  public void requireUpToDate() {
    Status status = status();
    if (status.checkFailed(false)) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, "The database failed a check: " + status.summary() + "; "
          + String.join(" ", status.warnings()));
    }
    if (!status.upToDate()) {
      throw new LogtoException(ErrorCode.NOT_UP_TO_DATE, "The database is not up to date: " + status.summary() + "; "
          + status.pendingLine() + ". Run `logto db alteration deploy` before starting the application.");
    }
  }

  /** Deploys to {@code target} ({@code latest}, {@code next} or a version); returns what was applied. */
  public List<Alteration> deploy(String target) {
    StateView view = read();
    Planner.checkNotAhead(alterations, view.state().timestamp());
    Checks.Report report = Checks.of(alterations, view);
    if (!report.skipped().isEmpty()) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, "Skipped alterations "
          + report.skipped().stream().map(Alteration::fileName).toList()
          + ": older than the database state but never applied. Apply them with the CLI's --include-skipped,"
          + " or give them new timestamps.");
    }
    var plan = Planner.deploy(alterations, view.state().timestamp(), Target.parse(target));
    if (plan.alterations().isEmpty()) {
      return List.of();
    }
    AlterationRunner runner = runner();
    runner.prepare(alterations, true);
    List<Alteration> applied = runner.deploy(plan);
    recordFingerprint("deploy");
    return applied;
  }

  /** Rolls back to {@code version}; returns what was reverted, newest first. */
  public List<Alteration> rollback(String version) {
    StateView view = read();
    RollbackPlan plan = Planner.rollback(alterations, view.state().timestamp(), Target.parseVersion(version));
    if (plan.alterations().isEmpty()) {
      return List.of();
    }
    AlterationRunner runner = runner();
    runner.prepare(alterations, false);
    List<Alteration> reverted = runner.rollback(plan);
    recordFingerprint("rollback");
    return reverted;
  }

  /** Records the schema's fingerprint after a run, for {@link #status()}'s drift; logs why when it cannot. */
  private void recordFingerprint(String command) {
    SchemaFingerprints.record(dataSource, command, version())
        .ifPresent(warning -> org.slf4j.LoggerFactory.getLogger(Logto.class).warn(warning));
  }

  private AlterationRunner runner() {
    return new AlterationRunner(dataSource, store, journal, settings, listener, c -> Optional.empty(), version());
  }

  private StateView read() {
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.readOnly(connection, c -> StateView.read(c, store, journal));
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the alteration state: " + SqlErrors.oneLine(e) + ".", e);
    }
  }

  /** This library's version. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = Logto.class.getResourceAsStream("/io/logto/db/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException ignored) {
      // unknown
    }
    return properties.getProperty("version", "unknown");
  }

  /** Configures a {@link Logto}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Path path;
    private ClassLoader classLoader = Logto.class.getClassLoader();
    private RunSettings settings = RunSettings.DEFAULTS;
    private RunListener listener = RunListener.NONE;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Reads alterations from a directory (or a jar holding {@code alterations/}) instead of the class path. */
    public Builder alterations(Path directoryOrJar) {
      this.path = directoryOrJar;
      return this;
    }

    /** Reads alterations from this class loader's {@code alterations/} resources. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader);
      return this;
    }

    public Builder settings(RunSettings settings) {
      this.settings = Objects.requireNonNull(settings);
      return this;
    }

    public Builder listener(RunListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    public Logto build() {
      return new Logto(this);
    }
  }
}
