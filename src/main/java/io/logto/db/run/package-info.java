/**
 * Execution: one read-committed transaction per alteration that takes the advisory lock,
 * re-reads the state under it, runs the section and moves the state row and the journal (in one
 * round trip when the runner knows the state, otherwise three, statement by statement to locate a
 * failure); non-transactional {@code before-*} sections under a session lock; timeouts, retries and
 * progress events.
 */
package io.logto.db.run;
