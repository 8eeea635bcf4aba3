/**
 * Alteration scripts as files: discovery on the classpath or at a path, the file-name pattern,
 * the {@code -- alteration:up|down} sections, the SQL statement splitter and the build-time index
 * of a jar's scripts. Turns files into {@link io.logto.db.alteration.Alteration} records; knows
 * nothing of databases.
 */
package io.logto.db.script;
