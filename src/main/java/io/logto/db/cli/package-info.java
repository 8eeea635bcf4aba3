/**
 * The command line: thin picocli commands ({@code logto db alteration deploy|rollback|list}),
 * shared option mixins, the environment they run in, and the one place that turns errors into
 * messages and exit codes ({@link io.logto.db.cli.Main#run}).
 */
package io.logto.db.cli;
