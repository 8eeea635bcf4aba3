package io.logto.db.cli;

import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.cli.render.Console;
import io.logto.db.jdbc.Database;
import io.logto.db.cli.render.ConsoleListener;
import io.logto.db.jdbc.ServerChecks;
import io.logto.db.jdbc.SqlErrors;
import io.logto.db.run.AlterationRunner;
import io.logto.db.run.RunSettings;
import io.logto.db.jdbc.Transactions;
import io.logto.db.state.AlterationState;
import io.logto.db.state.LogtoConfigsStateStore;
import io.logto.db.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Model.CommandSpec;

/** What every leaf command needs: the environment, the console and the state store. */
final class Session {
  final Environment environment;
  final Console console;
  final StateStore store = new LogtoConfigsStateStore();

  private Session(Environment environment, Console console) {
    this.environment = environment;
    this.console = console;
  }

  static Session of(CommandSpec spec) {
    LogtoCommand root = (LogtoCommand) spec.root().userObject();
    Environment environment = root.environment();
    return new Session(environment, new Console(environment.out(), environment.err(),
        environment.color() && !root.noColor, root.quiet));
  }

  /** The recorded state, read without taking any lock. */
  AlterationState readState(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      return Transactions.readOnly(connection, store::read);
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot read the alteration state from "
          + database.description() + ": " + SqlErrors.oneLine(e)
          + ". Check that the user may read " + LogtoConfigsStateStore.TABLE + ".", e);
    }
  }

  /** Refuses a hot standby or read-only database before any plan runs. */
  void requireWritable(Database database) {
    try (Connection connection = database.dataSource().getConnection()) {
      ServerChecks.requireWritable(connection, database.description());
    } catch (SQLException e) {
      throw new LogtoException(ErrorCode.DATABASE, "Cannot query " + database.description() + ": "
          + SqlErrors.oneLine(e) + ".", e);
    }
  }

  /** A runner for this session's database, printing progress on the console. */
  AlterationRunner runner(Database database, RunSettings settings) {
    return new AlterationRunner(database.dataSource(), store, settings, new ConsoleListener(console),
        connection -> ServerChecks.poolerSuspicion(connection, database.url()));
  }

  static String plural(int n, String word) {
    return n + " " + word + (n > 1 ? "s" : "");
  }
}
