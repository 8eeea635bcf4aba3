package io.logto.db.cli;

import picocli.CommandLine.Command;

/** {@code logto db alteration}: a group of deploy, rollback and list. */
@Command(name = "alteration", aliases = {"alt", "alter"}, description = "Deploy, roll back and list alterations.",
    subcommands = {DeployCommand.class, RollbackCommand.class, ListCommand.class, StatusCommand.class,
        NewCommand.class, ReleaseCommand.class, CheckCommand.class})
final class AlterationCommand {}
