/**
 * The Java alterations of the shipped alteration history (the SQL ones live in the repository's
 * {@code alterations/} folder). Each is listed in
 * {@code META-INF/services/io.logto.db.alteration.JavaAlteration}.
 */
package io.logto.db.history;
