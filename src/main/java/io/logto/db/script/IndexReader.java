package io.logto.db.script;

import static io.logto.db.script.AlterationIndex.ENTRY;
import static io.logto.db.script.AlterationIndex.FORMAT;
import static io.logto.db.script.AlterationIndex.KINDS;
import static io.logto.db.script.AlterationIndex.MAGIC;
import static io.logto.db.script.AlterationIndex.crc;

import io.logto.db.alteration.Section;
import io.logto.db.script.AlterationIndex.Indexed;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the {@link AlterationIndex} of a jar back, trusting nothing: the closing CRC-32, the
 * format, the {@link ParserFingerprint parser fingerprint}, each script's CRC-32 and every section
 * bound are checked, and anything wrong means the script (or the whole index) is read as if there
 * were no index.
 */
final class IndexReader {
  /** Every record holds at least a name length, a CRC-32, a size, a flag and the section bounds. */
  private static final int SMALLEST_RECORD = 4 + 4 + 4 + 1 + 4 * 3 * 4;

  /** Above this declared size the index is read as it comes, not into an array of that size. */
  private static final long TRUSTED_SIZE = 64L << 20;

  private IndexReader() {}

  /**
   * The scripts the index in {@code zip} vouches for, by file name: empty when the jar has no index,
   * or one written by another parser, or one that cannot be read. A script whose indexed bytes do not
   * match the CRC-32 recorded with them is left out (it is then read from its own entry).
   */
  static Map<String, Indexed> read(ZipFile zip) {
    ZipEntry entry = zip.getEntry(ENTRY);
    if (entry == null) {
      return Map.of();
    }
    try (InputStream in = zip.getInputStream(entry)) {
      // one array for the whole index, read in one go: the scripts' text is decoded straight out of it
      long declared = entry.getSize();
      byte[] index = declared >= 0 && declared <= TRUSTED_SIZE ? readExactly(in, (int) declared) : in.readAllBytes();
      if (index.length < 4 || crc(index, 0, index.length - 4) != (new Cursor(index).integerAt(index.length - 4)
          & 0xFFFF_FFFFL)) {
        return Map.of(); // damaged: not even its section bounds can be trusted
      }
      Cursor at = new Cursor(index, index.length - 4);
      long fingerprint = ParserFingerprint.value();
      if (!at.string().equals(MAGIC) || at.integer() != FORMAT || fingerprint == -1 || at.longInteger() != fingerprint) {
        return Map.of();
      }
      int count = at.integer();
      if (count < 0 || count > index.length / SMALLEST_RECORD) {
        return Map.of();
      }
      return scripts(index, at, count);
    } catch (IOException | RuntimeException e) {
      return Map.of(); // an index is only a shortcut: without it every script is read from its entry
    }
  }

  /** The {@code count} script records from {@code at} on, each whose bytes match its CRC-32. */
  private static Map<String, Indexed> scripts(byte[] index, Cursor at, int count) {
    Map<String, Indexed> scripts = new HashMap<>(Math.max(16, count * 2));
    for (int i = 0; i < count; i++) {
      String fileName = at.string();
      long crc = at.integer() & 0xFFFF_FFFFL;
      int size = at.integer();
      int offset = at.skip(size);
      boolean irreversible = at.bytes[at.skip(1)] != 0;
      int ranges = at.skip(KINDS.length * 3 * 4); // start, end and first line of each kind of section
      if (crc(index, offset, size) != crc) {
        continue;
      }
      String content = new String(index, offset, size, StandardCharsets.UTF_8);
      SectionParser.Sections sections = sections(SectionParser.normalise(content), at, ranges, irreversible);
      if (sections != null) {
        scripts.put(fileName, new Indexed(crc, size, content, sections));
      }
    }
    return scripts;
  }

  /** Reads the index's big-endian fields (as {@link DataOutputStream} wrote them) from an array. */
  static final class Cursor {
    final byte[] bytes;
    final int limit;
    int position;

    /** A cursor over {@code bytes} up to {@code limit} (exclusive). */
    Cursor(byte[] bytes, int limit) {
      this.bytes = bytes;
      this.limit = limit;
    }

    Cursor(byte[] bytes) {
      this(bytes, bytes.length);
    }

    /** Moves past {@code length} bytes and returns where they start. */
    int skip(int length) {
      if (length < 0 || length > limit - position) {
        throw new IllegalStateException("the index is truncated");
      }
      int start = position;
      position += length;
      return start;
    }

    int integer() {
      return integerAt(skip(4));
    }

    int integerAt(int start) {
      return (bytes[start] & 0xFF) << 24 | (bytes[start + 1] & 0xFF) << 16 | (bytes[start + 2] & 0xFF) << 8
          | bytes[start + 3] & 0xFF;
    }

    long longInteger() {
      return (long) integer() << 32 | integer() & 0xFFFF_FFFFL;
    }

    String string() {
      int length = integer();
      return new String(bytes, skip(length), length, StandardCharsets.UTF_8);
    }
  }

  /** The sections cut from {@code content} at the ranges recorded from {@code ranges} on; null when one does not fit. */
  private static SectionParser.Sections sections(String content, Cursor at, int ranges, boolean irreversible) {
    Section[] cut = new Section[KINDS.length];
    for (int k = 0; k < KINDS.length; k++) {
      int start = at.integerAt(ranges + 12 * k);
      int end = at.integerAt(ranges + 12 * k + 4);
      int firstLine = at.integerAt(ranges + 12 * k + 8);
      if (start == -1) {
        continue;
      }
      if (start < 0 || start > end || end > content.length() || firstLine < 1) {
        return null;
      }
      cut[k] = new Section(content.substring(start, end), firstLine);
    }
    if (cut[0] == null) {
      return null;
    }
    return new SectionParser.Sections(cut[0], Optional.ofNullable(cut[1]), Optional.ofNullable(cut[2]),
        Optional.ofNullable(cut[3]), irreversible);
  }

  /** Exactly {@code size} bytes of {@code in}, read straight into one array. */
  private static byte[] readExactly(InputStream in, int size) throws IOException {
    byte[] bytes = new byte[size];
    int read = 0;
    while (read < size) {
      int n = in.read(bytes, read, size - read);
      if (n < 0) {
        throw new IOException("the index is truncated");
      }
      read += n;
    }
    return bytes;
  }
}
