package io.logto.db.api;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.jdbc.Transactions;
import io.logto.db.script.Checksums;
import io.logto.db.plan.Checks;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Status;
import io.logto.db.plan.Target;
import io.logto.db.run.Deployment;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.alteration.Version;
import io.logto.db.run.RunListener;
import io.logto.db.run.RunListeners;
import io.logto.db.run.RunSettings;
import io.logto.db.script.AlterationDiscovery;
import io.logto.db.state.Journal;
import io.logto.db.state.LogtoConfigsStateStore;
import io.logto.db.state.PostgresJournal;
import io.logto.db.state.SchemaFingerprints;
import io.logto.db.state.StateStore;
import io.logto.db.state.StateView;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * logto as a library: the same discovery, planning, locking and transactions as the command line,
 * on a {@link DataSource} the application owns. Errors are {@link LogtoException}s carrying the
 * same messages and {@link ErrorCode}s as the CLI. It logs what it runs through the SLF4J API
 * (logger {@code io.logto.db.api.Logto}) and configures no logging of its own.
 *
 * <p>"Up to date for a target" means the same to {@link #deploy(String)} and
 * {@link #requireUpToDate(String)}: deploying that target would apply nothing and no check fails.
 * After {@code deploy(t)}, {@code requireUpToDate(t)} passes. Without a target the gate means
 * {@code next}: every alteration the application carries, unreleased {@code next-…} ones included,
 * as {@code logto db alteration status} counts them.
 *
 * <pre>{@code
 * Logto logto = Logto.builder(dataSource).build();   // alterations/ on the class path
 * logto.deploy("next");                              // or deploy elsewhere, before the start
 * Logto.requireUpToDate(dataSource);                 // the startup gate
 * }</pre>
 */
public final class Logto {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Logto.class);

  private final DataSource dataSource;
  private final List<Alteration> alterations;
  private final RunSettings settings;
  private final Deployment.Policy policy;
  private final RunListener listener;
  private final StateStore store;
  private final Journal journal = new PostgresJournal();

  private Logto(Builder builder) {
    this.dataSource = builder.dataSource;
    this.alterations = builder.path != null ? AlterationDiscovery.fromPath(builder.path)
        : AlterationDiscovery.fromClasspath(builder.classLoader);
    this.settings = builder.settings;
    this.policy = new Deployment.Policy(builder.strict, false, false);
    this.listener = RunListeners.of(new LogListener(), builder.listener);
    this.store = new LogtoConfigsStateStore(builder.stateTable);
  }

  /** A builder reading alterations from the class path under {@code alterations/} by default. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The startup gate: returns when the database has every alteration on the class path applied
   * ({@code next-…} ones included, as {@code logto db alteration status} counts them) and no check
   * failed; otherwise throws a {@link LogtoException} ({@link ErrorCode#NOT_UP_TO_DATE} or
   * {@link ErrorCode#CHECK_FAILED}) in the words of {@code status}. Same as
   * {@code builder(dataSource).build().requireUpToDate("next")}.
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
    return readOnly(c -> {
      StateView view = StateView.read(c, store, journal);
      return Status.of(alterations, view.state(), Checks.of(alterations, view, Checksums::ofAllUp),
          SchemaFingerprints.compareOrExplain(c, store));
    });
  }

  /** The startup gate for every alteration this instance knows: {@code requireUpToDate("next")}. */
  public void requireUpToDate() {
    requireUpToDate("next");
  }

  /**
   * The startup gate for a target: returns when {@link #deploy(String) deploy(target)} would apply
   * nothing and no check fails (the database is not ahead, no alteration was skipped). So an
   * application whose deployment runs {@code deploy latest} while it carries {@code next-…} scripts
   * gates with {@code requireUpToDate("latest")}. Throws {@link ErrorCode#NOT_UP_TO_DATE} naming the
   * alterations that deploy would apply, or {@link ErrorCode#CHECK_FAILED}; an invalid target or an
   * out-of-order history fails as {@code deploy} does.
   */
  public void requireUpToDate(String target) {
    Target parsed = Target.parse(target);
    StateView view = read();
    Status status = Status.of(alterations, view.state(), Checks.of(alterations, view, Checksums::ofAllUp));
    if (status.checkFailed(false)) {
      throw new LogtoException(ErrorCode.CHECK_FAILED, "The database failed a check: " + status.summary() + "; "
          + String.join(" ", status.warnings()));
    }
    List<Alteration> missing = Planner.deploy(alterations, view.state().timestamp(), parsed).alterations();
    if (!missing.isEmpty()) {
      throw new LogtoException(ErrorCode.NOT_UP_TO_DATE, "The database is not up to date: " + status.summary()
          + "; " + Status.pendingLine(missing) + ". Deploy them before starting the application: `logto db"
          + " alteration deploy " + parsed + "`, or Logto.deploy(\"" + parsed + "\").");
    }
  }

  /**
   * Deploys to {@code target} ({@code latest}, {@code next} or a version); returns what was applied.
   * {@code latest} leaves {@code next-…} alterations pending, which {@link #requireUpToDate()} refuses.
   */
  public List<Alteration> deploy(String target) {
    Target parsed = Target.parse(target);
    Deployment deployment = deployment();
    Deployment.Deploy deploy = deployment.planDeploy(alterations, read(), policy, state -> parsed,
        LOG::warn);
    List<Alteration> applied = deployment.deploy(alterations, deploy, listener, runner -> { });
    if (!applied.isEmpty()) {
      recordFingerprint("deploy");
    }
    return applied;
  }

  /** Rolls back to {@code version}; returns what was reverted, newest first. */
  public List<Alteration> rollback(String version) {
    Version target = Target.parseVersion(version);
    Deployment deployment = deployment();
    RollbackPlan plan = deployment.planRollback(alterations, read(), policy,
        state -> Planner.rollback(alterations, state, target), LOG::warn);
    List<Alteration> reverted = deployment.rollback(alterations, plan, listener, runner -> { });
    if (!reverted.isEmpty()) {
      recordFingerprint("rollback");
    }
    return reverted;
  }

  /**
   * The hazards of what {@link #deploy(String) deploy(target)} would apply, measured as
   * {@code deploy --dry-run --analyze} does: on {@code scratch}, an empty database this call may
   * fill and alter (never the application's), the alterations already applied run first, then the
   * pending ones are observed statement by statement; each lock hazard carries the size of its
   * table on the application's database, read in a read-only transaction. Nothing is written to the
   * application's database. Compatibility between versions is reported by {@code check} and the
   * command line, not here (it needs the schema snapshots of the command line). Accepted findings
   * are marked ({@link io.logto.db.analysis.Finding#accepted()}); notes say what could not be analysed.
   */
  public io.logto.db.analysis.PendingAnalysis.Result analyze(String target, DataSource scratch) {
    Target parsed = Target.parse(target);
    StateView view = read();
    List<Alteration> pending = Planner.deploy(alterations, view.state().timestamp(), parsed).alterations();
    List<Alteration> applied = alterations.stream().filter(a -> a.isAppliedAt(view.state().timestamp())).toList();
    try (Connection analysis = scratch.getConnection(); Connection read = dataSource.getConnection()) {
      return io.logto.db.analysis.PendingAnalysis.run(analysis, read, applied, pending, java.util.Optional.empty());
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot analyse the pending alterations: " + SqlErrors.oneLine(e)
          + ".", e);
    }
  }

  /** Records the schema's fingerprint after a run, for {@link #status()}'s drift; logs why when it cannot. */
  private void recordFingerprint(String command) {
    SchemaFingerprints.record(dataSource, store, command, version()).ifPresent(LOG::warn);
  }

  /** The same use case as the command line's, with the pooler found from the connection's own URL. */
  private Deployment deployment() {
    return new Deployment(dataSource, store, journal, settings, ServerChecks::poolerSuspicion, version(),
        "The database");
  }

  private StateView read() {
    return readOnly(c -> StateView.read(c, store, journal));
  }

  /** {@code work} in a read-only transaction; a failure is the state that could not be read. */
  private <T> T readOnly(Transactions.Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return Transactions.readOnly(connection, work);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the alteration state: " + SqlErrors.oneLine(e) + ".", e);
    }
  }

  /** This library's version. */
  public static String version() {
    return io.logto.db.run.ToolVersion.get();
  }

  /** Configures a {@link Logto}. */
  public static final class Builder {
    private final DataSource dataSource;
    private Path path;
    private ClassLoader classLoader = Logto.class.getClassLoader();
    private RunSettings settings = RunSettings.DEFAULTS;
    private RunListener listener = RunListener.NONE;
    private boolean strict;
    private String stateTable = LogtoConfigsStateStore.TABLE;

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

    /** Refuse (rather than warn about) an applied alteration whose script was edited, as the CLI's --strict. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * The table holding the state row (key {@code alterationState}): {@code logto_configs} by
     * default; {@code "systems"} for a database created by Logto, as the command line's
     * {@code --state-table}. Lower-case letters, digits and {@code _}, optionally schema-qualified.
     */
    public Builder stateTable(String table) {
      if (!LogtoConfigsStateStore.isValidTableName(table)) {
        throw LogtoException.usage("'" + table + "' is not a state table name logto accepts: use lower-case letters,"
            + " digits and _, optionally after a schema and a dot (systems, public.systems).");
      }
      this.stateTable = table;
      return this;
    }

    public Logto build() {
      return new Logto(this);
    }
  }
}
