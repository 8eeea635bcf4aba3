package io.logto.db.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code logto db}: a group; without a subcommand picocli reports the missing one. Takes the
 * connection options for the commands below it ({@link GlobalOptions}).
 */
@Command(name = "db", aliases = "database", description = "Commands for the database.")
/* Its subcommands are listed in CommandTree. */
final class DatabaseCommand {
  @Mixin
  ConnectionOptions connection;
}
