package io.logto.db.script;

import io.logto.db.alteration.Section;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A build-time index of the scripts a jar ships under {@code alterations/}, stored in the jar as
 * {@value #ENTRY}: every script's bytes, their CRC-32 and size, and where its sections start and end,
 * written after the script passed every check {@link SectionParser} makes.
 *
 * <p>Discovery in a jar ({@link AlterationDiscovery}) still walks the jar's entries, so every script
 * is found whether the index lists it or not. A script is taken from the index only when the index's
 * copy is the entry's content: the CRC-32 computed over the indexed bytes, the CRC-32 the jar's
 * central directory records for the entry, and the sizes all agree. Any other script (one added to the
 * jar later, say by a product that shades logto with scripts of its own, or one edited after the
 * index was written) is read and parsed from its entry as without an index. The index records a
 * fingerprint of the parser's class files; an index written by a different parser is ignored, and
 * so is one that cannot be read. An index therefore never changes what discovery returns, only how
 * fast: one inflated entry instead of one per script, and no parsing.
 */
public final class AlterationIndex {
  /** Where the index lives in a jar (outside {@code alterations/}, which holds only scripts). */
  public static final String ENTRY = "META-INF/logto/alterations.index";

  private static final String MAGIC = "logto-alteration-index";
  private static final int FORMAT = 1;
  private static final String[] KINDS = {SectionParser.UP, SectionParser.DOWN, SectionParser.BEFORE_UP,
      SectionParser.BEFORE_DOWN};
  /** The classes whose code decides how a script parses: a change to any of them retires old indexes. */
  private static final String[] PARSER_CLASSES = {"SectionParser.class", "SectionParser$Sections.class",
      "SqlSplitter.class", "AlterationIndex.class"};

  private AlterationIndex() {}

  /** One script as the index holds it: the CRC-32 and size of its bytes, its text and its sections. */
  record Indexed(long crc, long size, String content, SectionParser.Sections sections) {
    /** True when {@code entry} (as the jar's central directory describes it) holds exactly these bytes. */
    boolean describes(ZipEntry entry) {
      return entry.getCrc() == crc && entry.getSize() == size;
    }
  }

  /**
   * Writes the index of {@code root/alterations} to {@code root/}{@value #ENTRY} ({@code root} is a
   * directory that becomes a jar, such as {@code target/classes}) and returns how many scripts it
   * holds. Every script is checked as discovery checks it, so a broken one fails here, at build time.
   *
   * @throws io.logto.db.alteration.LogtoException naming the script and the problem
   */
  public static int write(Path root) throws IOException {
    Path folder = root.resolve(AlterationDiscovery.FOLDER);
    List<ScriptFile> files = Files.isDirectory(folder) ? AlterationDiscovery.readDirectory(folder) : List.of();
    AlterationDiscovery.toAlterations(files); // names, sections, statements and unique timestamps, as discovery
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      byte[] magic = MAGIC.getBytes(StandardCharsets.UTF_8);
      out.writeInt(magic.length);
      out.write(magic);
      out.writeInt(FORMAT);
      out.writeLong(parserFingerprint());
      out.writeInt(files.size());
      for (ScriptFile file : files) {
        byte[] bytes = Files.readAllBytes(folder.resolve(file.fileName())); // the bytes the jar will hold
        Map<String, int[]> bounds = new HashMap<>();
        SectionParser.Sections sections =
            SectionParser.parse(file.fileName(), new String(bytes, StandardCharsets.UTF_8), bounds);
        byte[] name = file.fileName().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        out.writeInt((int) crc(bytes, 0, bytes.length));
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeBoolean(sections.irreversible());
        for (String kind : KINDS) {
          Optional<Section> section = section(sections, kind);
          int[] range = bounds.get(kind);
          out.writeInt(section.isPresent() ? range[0] : -1);
          out.writeInt(section.isPresent() ? range[1] : -1);
          out.writeInt(section.map(Section::firstLine).orElse(-1));
        }
      }
    }
    Path target = root.resolve(ENTRY);
    Files.createDirectories(target.getParent());
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temporary, buffer.toByteArray());
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return files.size();
  }

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
      byte[] index = entry.getSize() >= 0 ? readExactly(in, (int) entry.getSize()) : in.readAllBytes();
      Cursor at = new Cursor(index);
      if (!at.string().equals(MAGIC) || at.integer() != FORMAT || at.longInteger() != parserFingerprint()) {
        return Map.of();
      }
      int count = at.integer();
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
    } catch (IOException | RuntimeException e) {
      return Map.of(); // an index is only a shortcut: without it every script is read from its entry
    }
  }

  /** Reads the index's big-endian fields (as {@link DataOutputStream} wrote them) from an array. */
  private static final class Cursor {
    final byte[] bytes;
    int position;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Moves past {@code length} bytes and returns where they start. */
    int skip(int length) {
      if (length < 0 || length > bytes.length - position) {
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

  private static Optional<Section> section(SectionParser.Sections sections, String kind) {
    return switch (kind) {
      case SectionParser.UP -> Optional.of(sections.up());
      case SectionParser.DOWN -> sections.down();
      case SectionParser.BEFORE_UP -> sections.beforeUp();
      default -> sections.beforeDown();
    };
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }

  private static volatile Long fingerprint;

  /**
   * A CRC-32 over the class files of {@link #PARSER_CLASSES}: the same parser code gives the same
   * sections for the same bytes. -1 (which no written index carries) when a class file cannot be read.
   */
  static long parserFingerprint() {
    Long known = fingerprint;
    if (known != null) {
      return known;
    }
    CRC32 crc = new CRC32();
    long value;
    try {
      for (String name : PARSER_CLASSES) {
        try (InputStream in = AlterationIndex.class.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("no class file " + name);
          }
          crc.update(in.readAllBytes());
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
