/**
 * Planning as a pure function: (alterations, recorded state, target) to a plan or a validation
 * error. No I/O, so every rule is tested with tables of cases and properties.
 */
package io.logto.db.plan;
