/**
 * Where the database records what is deployed: the {@code alterationState} row of
 * {@code logto_configs}, behind the small {@link io.logto.db.state.StateStore} interface; the
 * journal; and the schema's fingerprint recorded after each run, which later runs compare with the
 * live schema ({@link io.logto.db.state.SchemaFingerprints}, {@link io.logto.db.state.Drift}).
 */
package io.logto.db.state;
