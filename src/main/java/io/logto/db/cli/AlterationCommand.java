package io.logto.db.cli;

import picocli.CommandLine.Command;

/** {@code logto db alteration}: a group of deploy, rollback and list. */
@Command(name = "alteration", aliases = {"alt", "alter"}, description = "Deploy, roll back and list alterations.")
/* Its subcommands are listed in CommandTree. */
final class AlterationCommand {}
