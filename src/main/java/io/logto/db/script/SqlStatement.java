package io.logto.db.script;

/** One SQL statement of a section: its text (without the closing semicolon) and where it starts. */
public record SqlStatement(String sql, int offset) {}
