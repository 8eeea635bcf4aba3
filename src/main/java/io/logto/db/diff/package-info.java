/**
 * {@code logto db alteration diff}: what a history does to a schema. {@link io.logto.db.diff.VersionDiff}
 * builds the history on a scratch database (the {@link io.logto.db.check.ScratchServer} of
 * {@code check}) to one version and then to another, version by version, and compares the
 * {@link io.logto.db.snapshot.Snapshot snapshots} taken on the way; {@link io.logto.db.diff.LiveDrift}
 * compares a live database's schema with the one its history builds up to its recorded state.
 * Both return a {@link io.logto.db.diff.SchemaDiff}; printing it is the caller's.
 */
package io.logto.db.diff;
