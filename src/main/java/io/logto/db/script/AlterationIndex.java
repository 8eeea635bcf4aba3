package io.logto.db.script;

import io.logto.db.alteration.Section;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * was written by a different parser (a {@link ParserFingerprint fingerprint} of the parser's class
 * files and their nested classes), or when it cannot be read ({@link IndexReader}). So the index supplies a script only as the bytes the jar
 * records for it, parsed by this same parser: one inflated entry instead of one per script, and no
 * parsing. (One difference remains: a script entry too damaged to inflate is not read when the
 * index holds its bytes.)
 */
public final class AlterationIndex {
  /** Where the index lives in a jar (outside {@code alterations/}, which holds only scripts). */
  public static final String ENTRY = "META-INF/logto/alterations.index";

  static final String MAGIC = "logto-alteration-index";
  static final int FORMAT = 1;
  static final String[] KINDS = {SectionParser.UP, SectionParser.DOWN, SectionParser.BEFORE_UP,
      SectionParser.BEFORE_DOWN};

  private AlterationIndex() {}

  /**
   * The scripts the index in {@code zip} vouches for, by file name: empty when the jar has no index,
   * or one written by another parser, or one that cannot be read ({@link IndexReader}).
   */
  static Map<String, Indexed> read(ZipFile zip) {
    return IndexReader.read(zip);
  }

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
    long fingerprint = ParserFingerprint.value();
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
        checked.add(writeScript(out, folder, file));
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

  /** Checks one script as discovery does, writes its record and returns it with its sections. */
  private static ScriptFile writeScript(DataOutputStream out, Path folder, ScriptFile file) throws IOException {
    byte[] bytes = Files.readAllBytes(folder.resolve(file.fileName())); // the bytes the jar will hold
    ScriptName.parse(file.fileName()); // a bad name first, as discovery reports it
    Map<String, int[]> bounds = new HashMap<>();
    SectionParser.Sections sections =
        SectionParser.parse(file.fileName(), ScriptText.decode(file.fileName(), bytes), bounds);
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
    return new ScriptFile(file.fileName(), file.location(), file.content(), Optional.of(sections));
  }

  private static Optional<Section> section(SectionParser.Sections sections, String kind) {
    return switch (kind) {
      case SectionParser.UP -> Optional.of(sections.up());
      case SectionParser.DOWN -> sections.down();
      case SectionParser.BEFORE_UP -> sections.beforeUp();
      default -> sections.beforeDown();
    };
  }

  static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
