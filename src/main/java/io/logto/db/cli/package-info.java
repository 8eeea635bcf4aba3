/**
 * The command line: thin picocli commands ({@code logto db alteration deploy|rollback|list|...}),
 * the command hierarchy built as far as a command line needs it ({@link io.logto.db.cli.CommandTree}),
 * shared option mixins, the environment they run in, logging set-up, the build's steps (the class-data
 * sharing training run, the man pages, the alteration index: {@link io.logto.db.cli.WriteAlterationIndex}),
 * and the one place that turns errors into messages and exit codes ({@link io.logto.db.cli.Main#run}).
 */
package io.logto.db.cli;
