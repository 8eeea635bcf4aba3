/**
 * The domain: semantic {@link io.logto.db.alteration.Version versions}, the version of an
 * alteration (a release or {@code next}) and {@link io.logto.db.alteration.Alteration alterations}
 * with their sections. No I/O here; errors are {@link io.logto.db.error.LogtoException}.
 */
package io.logto.db.alteration;
