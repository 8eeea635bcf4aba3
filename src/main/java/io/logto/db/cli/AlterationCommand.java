package io.logto.db.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code logto db alteration}: a group of deploy, rollback and list. Takes the connection options
 * for the commands below it ({@link GlobalOptions}).
 */
@Command(name = "alteration", aliases = {"alt", "alter"}, description = "Deploy, roll back and list alterations.")
/* Its subcommands are listed in CommandTree. */
final class AlterationCommand {
  @Mixin
  ConnectionOptions connection;
}
