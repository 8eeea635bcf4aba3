package io.logto.db.script;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * The fingerprint of the parser an {@link AlterationIndex} records: a CRC-32 over the class files of
 * the classes whose code decides how a script parses ({@link #PARSER_CLASSES}), each with its nested
 * classes. An index written by another parser is ignored as a whole.
 */
final class ParserFingerprint {
  private ParserFingerprint() {}

  /**
   * The classes whose code decides how a script parses, each with its nested classes: a change to
   * any of them retires old indexes. A class the parsing code moves into joins this list
   * (AlterationIndexTest holds it to what these classes refer to).
   */
  static final Class<?>[] PARSER_CLASSES = {SectionParser.class, SectionChecks.class, SqlSplitter.class,
      SqlScanner.class, StatementWords.class, SqlStatement.class, ScriptText.class, AlterationIndex.class,
      IndexReader.class};

  private static volatile Long fingerprint;

  /**
   * A CRC-32 over the class files of {@link #PARSER_CLASSES} and their nested classes: the same
   * parser code gives the same sections for the same bytes. -1 (which {@link AlterationIndex#write}
   * refuses to record and {@link IndexReader#read} never accepts) when a class file cannot be read.
   */
  static long value() {
    Long known = fingerprint;
    if (known != null) {
      return known;
    }
    CRC32 crc = new CRC32();
    long value;
    try {
      for (Class<?> type : PARSER_CLASSES) {
        Class<?>[] members = type.getNestMembers(); // the class itself first, then its nested classes
        java.util.Arrays.sort(members, 1, members.length, java.util.Comparator.comparing(Class::getName));
        for (Class<?> member : members) {
          String name = member.getName().substring(member.getName().lastIndexOf('.') + 1) + ".class";
          try (InputStream in = ParserFingerprint.class.getResourceAsStream(name)) {
            if (in == null) {
              throw new IOException("no class file " + name);
            }
            crc.update(in.readAllBytes());
          }
        }
      }
      value = crc.getValue();
    } catch (IOException e) {
      value = -1;
    }
    fingerprint = value;
    return value;
  }
}
