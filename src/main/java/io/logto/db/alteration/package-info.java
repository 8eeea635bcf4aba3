/**
 * The domain: semantic {@link io.logto.db.alteration.Version versions}, the version of an
 * alteration (a release or {@code next}), {@link io.logto.db.alteration.Alteration alterations}
 * with their sections, and the single error type {@link io.logto.db.alteration.LogtoException}
 * whose {@link io.logto.db.alteration.ErrorCode} maps to the process exit code. No I/O here.
 */
package io.logto.db.alteration;
