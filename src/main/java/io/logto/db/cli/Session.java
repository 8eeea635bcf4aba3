package io.logto.db.cli;

import io.logto.db.alteration.ErrorCode;
import io.logto.db.alteration.LogtoException;
import io.logto.db.cli.render.Console;
import io.logto.db.jdbc.Database;
import io.logto.db.jdbc.SqlErrors;
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

  static String plural(int n, String word) {
    return n + " " + word + (n > 1 ? "s" : "");
  }
}
