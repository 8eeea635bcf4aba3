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
 * written after the script passed every check {@link SectionParser} makes, and closed by a CRC-32 of
 * the whole index.
 *
 * <p>Discovery in a jar ({@link AlterationDiscovery}) still walks the jar's entries, so every script
 * is found whether the index lists it or not. A script is taken from the index only when the index's
 * copy is the entry's content: the CRC-32 computed over the indexed bytes, the CRC-32 the jar's
 * central directory records for the entry, and the sizes all agree. Any other script (one added to the
 * jar later, say by a product that shades logto with scripts of its own, or one edited after the
 * index was written) is read and parsed from its entry as without an index. An index is ignored as a
 * whole when its closing CRC-32 does not match (its section bounds could be damaged too), when it
 * was written by a different parser (a fingerprint of the parser's class files and their nested
 * classes), or when it cannot be read. So the index supplies a script only as the bytes the jar
 * records for it, parsed by this same parser: one inflated entry instead of one per script, and no
 * parsing. (One difference remains: a script entry too damaged to inflate is not read when the
 * index holds its bytes.)
 */
public final class AlterationIndex {
  /** Where the index lives in a jar (outside {@code alterations/}, which holds only scripts). */
  public static final String ENTRY = "META-INF/logto/alterations.index";

  private static final String MAGIC = "logto-alteration-index";
  private static final int FORMAT = 1;
  private static final String[] KINDS = {SectionParser.UP, SectionParser.DOWN, SectionParser.BEFORE_UP,
      SectionParser.BEFORE_DOWN};
  /**
   * The classes whose code decides how a script parses, each with its nested classes: a change to
   * any of them retires old indexes.
   */
  private static final Class<?>[] PARSER_CLASSES = {SectionParser.class, SqlSplitter.class, SqlStatement.class,
      ScriptText.class, AlterationIndex.class};

  /** Every record holds at least a name length, a CRC-32, a size, a flag and the section bounds. */
  private static final int SMALLEST_RECORD = 4 + 4 + 4 + 1 + 4 * 3 * 4;

  /** Above this declared size the index is read as it comes, not into an array of that size. */
  private static final long TRUSTED_SIZE = 64L << 20;

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
   * @throws io.logto.db.error.LogtoException naming the script and the problem
   */
  public static int write(Path root) throws IOException {
    Path folder = root.resolve(AlterationDiscovery.FOLDER);
    if (!Files.isDirectory(folder)) {
      throw io.logto.db.error.LogtoException.usage("No " + AlterationDiscovery.FOLDER + "/ folder in " + root
          + ". Pass the directory that holds alterations/ and becomes the jar, e.g. target/classes.");
    }
    long fingerprint = parserFingerprint();
    if (fingerprint == -1) {
      throw new IOException("Cannot read the parser's class files to fingerprint the index");
    }
    List<ScriptFile> files = AlterationDiscovery.readDirectory(folder); // the folder's rules, as discovery's
    List<ScriptFile> checked = new java.util.ArrayList<>(files.size());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      byte[] magic = MAGIC.getBytes(StandardCharsets.UTF_8);
      out.writeInt(magic.length);
      out.write(magic);
      out.writeInt(FORMAT);
      out.writeLong(fingerprint);
      out.writeInt(files.size());
      for (ScriptFile file : files) {
        byte[] bytes = Files.readAllBytes(folder.resolve(file.fileName())); // the bytes the jar will hold
        ScriptName.parse(file.fileName()); // a bad name first, as discovery reports it
        Map<String, int[]> bounds = new HashMap<>();
        SectionParser.Sections sections =
            SectionParser.parse(file.fileName(), ScriptText.decode(file.fileName(), bytes), bounds);
        checked.add(new ScriptFile(file.fileName(), file.location(), file.content(), Optional.of(sections)));
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
      AlterationDiscovery.toAlterations(checked); // unique timestamps, as discovery (the sections parsed above)
      out.writeInt((int) crc(buffer.toByteArray(), 0, buffer.size())); // the whole index, bounds and flags included
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
      long declared = entry.getSize();
      byte[] index = declared >= 0 && declared <= TRUSTED_SIZE ? readExactly(in, (int) declared) : in.readAllBytes();
      if (index.length < 4 || crc(index, 0, index.length - 4) != (new Cursor(index).integerAt(index.length - 4)
          & 0xFFFF_FFFFL)) {
        return Map.of(); // damaged: not even its section bounds can be trusted
      }
      Cursor at = new Cursor(index, index.length - 4);
      long fingerprint = parserFingerprint();
      if (!at.string().equals(MAGIC) || at.integer() != FORMAT || fingerprint == -1 || at.longInteger() != fingerprint) {
        return Map.of();
      }
      int count = at.integer();
      if (count < 0 || count > index.length / SMALLEST_RECORD) {
        return Map.of();
      }
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
   * A CRC-32 over the class files of {@link #PARSER_CLASSES} and their nested classes: the same
   * parser code gives the same sections for the same bytes. -1 (which {@link #write} refuses to
   * record and {@link #read} never accepts) when a class file cannot be read.
   */
  static long parserFingerprint() {
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
          try (InputStream in = AlterationIndex.class.getResourceAsStream(name)) {
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
