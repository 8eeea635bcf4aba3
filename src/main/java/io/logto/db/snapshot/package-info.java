/**
 * Schema snapshots: what a database's schema is, read from the catalogs (no {@code pg_dump}), as
 * plain records ({@link io.logto.db.snapshot.Snapshot}), and the pure comparison of two snapshots
 * into one-line {@link io.logto.db.snapshot.Difference differences}; and a cheap fingerprint of the
 * same schema, computed by the server in one statement ({@link io.logto.db.snapshot.CatalogFingerprint}).
 * System schemas, extension members and the tool's own tables ({@code logto_configs},
 * {@code logto_alteration*}) are left out.
 */
package io.logto.db.snapshot;
