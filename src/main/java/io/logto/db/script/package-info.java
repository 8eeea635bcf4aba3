/**
 * Alteration scripts as files: discovery on the classpath or at a path, the file-name pattern,
 * the {@code -- alteration:up|down} sections and the SQL statement splitter. Turns files into
 * {@link io.logto.db.alteration.Alteration} records; knows nothing of databases.
 */
package io.logto.db.script;
