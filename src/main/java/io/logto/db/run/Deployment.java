package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.script.Checksums;
import io.logto.db.plan.Checks;
import io.logto.db.plan.DeployPlan;
import io.logto.db.plan.Planner;
import io.logto.db.plan.RollbackPlan;
import io.logto.db.plan.Target;
import io.logto.db.state.Journal;
import io.logto.db.state.StateStore;
import io.logto.db.state.StateView;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The deploy and rollback use cases, the same for the command line and the library: refuse a
 * database ahead of the tool, apply the journal checks ({@link Checks#enforce}), refuse a read-only
 * server unless it is a dry run, plan, and run (prepare, skipped alterations, the plan) with a
 * pooler check before any {@code before-*} section. The callers only choose the {@link Policy}, the
 * target (the command line may ask for it) and the listener, and render the outcome; every check
 * and message is here, once.
 */
public final class Deployment {
  /** What the caller asked for: fail on edited scripts, apply skipped ones, only show the plan. */
  public record Policy(boolean strict, boolean includeSkipped, boolean dryRun) {
    public static final Policy DEFAULT = new Policy(false, false, false);
  }

  /** A checked deploy plan and the skipped alterations it applies first (with includeSkipped). */
  public record Deploy(DeployPlan plan, List<Alteration> skipped) {
    public int count() {
      return plan.alterations().size() + skipped.size();
    }
  }

  private final DataSource dataSource;
  private final StateStore store;
  private final Journal journal;
  private final RunSettings settings;
  private final AlterationRunner.ConnectionCheck poolerCheck;
  private final String toolVersion;
  private final String description;

  /** {@code description} names the database in messages ("database app on db.internal:5432"). */
  public Deployment(DataSource dataSource, StateStore store, Journal journal, RunSettings settings,
      AlterationRunner.ConnectionCheck poolerCheck, String toolVersion, String description) {
    this.dataSource = dataSource;
    this.store = store;
    this.journal = journal;
    this.settings = settings;
    this.poolerCheck = poolerCheck;
    this.toolVersion = toolVersion;
    this.description = description;
  }

  /**
   * Checks the database and plans a deploy; changes nothing. {@code target} is asked for the
   * target once the checks passed (the command line's prompt), given the state.
   */
  public Deploy planDeploy(List<Alteration> all, StateView view, Policy policy, Function<BigDecimal, Target> target,
      Consumer<String> warn) {
    BigDecimal state = view.state().timestamp();
    Planner.checkNotAhead(all, state);
    Checks.Report report = Checks.of(all, view, Checksums::ofAllUp);
    Checks.enforce(report, state, policy.strict(), policy.includeSkipped(), warn);
    if (!policy.dryRun()) {
      requireWritable();
    }
    DeployPlan plan = Planner.deploy(all, state, target.apply(state));
    return new Deploy(plan, policy.includeSkipped() ? report.skipped() : List.of());
  }

  /** Runs a checked deploy; returns what this run applied (skipped alterations first). */
  public List<Alteration> deploy(List<Alteration> all, Deploy deploy, RunListener listener,
      Consumer<AlterationRunner> running) {
    if (deploy.count() == 0) {
      return List.of();
    }
    AlterationRunner runner = runner(listener, running);
    runner.prepare(all, true);
    List<Alteration> skipped = runner.applySkipped(deploy.skipped(), deploy.plan().from());
    List<Alteration> applied = runner.deploy(deploy.plan());
    return java.util.stream.Stream.concat(skipped.stream(), applied.stream()).toList();
  }

  /**
   * Checks the database and plans a rollback with {@code planner} (to a version, or to a
   * timestamp), given the state; changes nothing.
   */
  public RollbackPlan planRollback(List<Alteration> all, StateView view, Policy policy,
      Function<BigDecimal, RollbackPlan> planner, Consumer<String> warn) {
    BigDecimal state = view.state().timestamp();
    RollbackPlan plan = planner.apply(state);
    Checks.enforce(Checks.of(all, view, Checksums::ofAllUp), state, policy.strict(), true, warn);
    if (!policy.dryRun()) {
      requireWritable();
    }
    return plan;
  }

  /** Runs a checked rollback; returns what this run reverted, newest first. */
  public List<Alteration> rollback(List<Alteration> all, RollbackPlan plan, RunListener listener,
      Consumer<AlterationRunner> running) {
    if (plan.alterations().isEmpty()) {
      return List.of();
    }
    AlterationRunner runner = runner(listener, running);
    runner.prepare(all, false);
    return runner.rollback(plan);
  }

  private AlterationRunner runner(RunListener listener, Consumer<AlterationRunner> running) {
    AlterationRunner runner = new AlterationRunner(dataSource, store, journal, settings, listener,
        settings.directConnection() ? c -> java.util.Optional.empty() : poolerCheck, toolVersion);
    running.accept(runner);
    return runner;
  }

  /** Refuses a hot standby or a read-only default before anything runs. */
  private void requireWritable() {
    try (Connection connection = dataSource.getConnection()) {
      ServerChecks.requireWritable(connection, description);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot query " + description + ": " + SqlErrors.oneLine(e) + ".", e);
    }
  }
}
