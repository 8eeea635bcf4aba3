/**
 * What the user sees and types: coloured console lines, the progress listener, the JLine prompts
 * (version list, confirmation, URL) and the {@code --json} document ({@link io.logto.db.cli.render.Json},
 * {@link io.logto.db.cli.render.JsonObject}). The only package that knows JLine or ANSI codes, and
 * with the state store (the state row's JSON value) the only one that knows Jackson.
 */
package io.logto.db.cli.render;
