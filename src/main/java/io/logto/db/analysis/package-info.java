/**
 * Hazard analysis: what an alteration locks, rewrites, scans and breaks, measured by running it.
 * Owns the {@link io.logto.db.analysis.Observer} (runs each statement on an analysis database
 * seeded with a few rows by the {@link io.logto.db.analysis.Seeder}, and reads {@code pg_locks},
 * file nodes and {@code pg_stat_xact_user_tables} after each), the pure rules that turn
 * {@link io.logto.db.analysis.Observation}s into {@link io.logto.db.analysis.Finding}s
 * ({@link io.logto.db.analysis.HazardRules}), the compatibility of consecutive versions' schemas
 * ({@link io.logto.db.analysis.Compatibility}), the {@code -- logto:accept} comments
 * ({@link io.logto.db.analysis.Acceptances}) and the sizes of touched relations on a target
 * database ({@link io.logto.db.analysis.BlastRadius}). In the library jar: {@code check} and
 * {@code deploy --dry-run --analyze} use it, and so does {@code api.Logto.analyze}. Printing is
 * the caller's.
 */
package io.logto.db.analysis;
