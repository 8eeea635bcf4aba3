/**
 * The single error type of the tool, {@link io.logto.db.error.LogtoException}, and the
 * {@link io.logto.db.error.ErrorCode} that maps each failure to the process exit code. It depends on
 * nothing else in the tool, so every package (the JDBC layer included) can throw it.
 */
package io.logto.db.error;
