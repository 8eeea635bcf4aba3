package io.logto.db.script;

import java.util.Optional;

/**
 * A raw script file: its name, a human description of where it was found, and its text;
 * {@code sections} when a build-time {@link AlterationIndex} vouches for them, so the text need not
 * be parsed again.
 */
public record ScriptFile(String fileName, String location, String content, Optional<SectionParser.Sections> sections) {
  /** A file whose text has not been parsed yet. */
  public ScriptFile(String fileName, String location, String content) {
    this(fileName, location, content, Optional.empty());
  }
}
