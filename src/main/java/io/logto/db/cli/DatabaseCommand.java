package io.logto.db.cli;

import picocli.CommandLine.Command;

/** {@code logto db}: a group; without a subcommand picocli reports the missing one. */
@Command(name = "db", aliases = "database", description = "Commands for the database.")
/* Its subcommands are listed in CommandTree. */
final class DatabaseCommand {}
