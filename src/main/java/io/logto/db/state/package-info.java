/**
 * Where the database records what is deployed: the {@code alterationState} row of
 * {@code logto_configs}, behind the small {@link io.logto.db.state.StateStore} interface.
 */
package io.logto.db.state;
