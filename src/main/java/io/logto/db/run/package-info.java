/**
 * Execution: one transaction per alteration that takes the advisory lock, re-reads the state under
 * it, runs the section statement by statement and moves the state row; non-transactional
 * {@code before-*} sections under a session lock; timeouts, retries and progress events.
 */
package io.logto.db.run;
