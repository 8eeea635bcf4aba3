package io.logto.db.alteration;

/**
 * One section of an alteration script: its SQL text and the 1-based line of the script file on
 * which the text starts, so errors can point into the file.
 */
public record Section(String sql, int firstLine) {}
