/**
 * The Java alterations of the shipped alteration history (the SQL ones live in the repository's
 * {@code alterations/} folder). Each is listed in
 * {@code META-INF/services/io.logto.db.alteration.JavaAlteration}. The shipped history belongs to
 * the command line: it, {@code alterations/} and that service file are in the runnable {@code -all}
 * jar, never in the library jar, so a product's class path holds only its own alterations.
 */
package io.logto.db.history;
