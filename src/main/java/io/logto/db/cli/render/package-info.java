/**
 * What the user sees and types: coloured console lines, the progress listener, and the JLine
 * prompts (version list, confirmation, URL). The only package that knows JLine or ANSI codes.
 */
package io.logto.db.cli.render;
