/**
 * Talking to PostgreSQL: database URLs (and their redacted form), the HikariCP data source,
 * the embedded server, the one transaction helper, and turning driver errors into messages that
 * point into the script (file, line, column, SQLSTATE).
 */
package io.logto.db.jdbc;
