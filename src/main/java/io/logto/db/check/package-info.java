/**
 * {@code logto db alteration check}: proves an alteration history sound before it ships. Owns the
 * static checks of the script files (read leniently, so every problem is listed rather than the
 * first), the round trip on scratch databases (deploy version by version, roll back comparing
 * {@link io.logto.db.snapshot.Snapshot snapshots}, deploy again, compare with an expected schema)
 * through the real planner and runner, the scratch server (a throwaway embedded PostgreSQL or
 * scratch databases on a given server), the hazard analysis of every alteration on a database of
 * its own ({@link io.logto.db.check.HazardCheck}, through {@link io.logto.db.analysis}) and the
 * report. Printing is the caller's.
 */
package io.logto.db.check;
