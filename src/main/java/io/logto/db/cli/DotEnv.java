package io.logto.db.cli;

import io.logto.db.error.LogtoException;
import io.logto.db.script.ScriptText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads one variable from a {@code .env} file, as dotenv tools write them (the Logto CLI reads
 * the same file with Node's dotenv): {@code KEY=value} lines, an optional {@code export}, comment
 * lines starting with {@code #}; a value in single or double quotes (it may span lines, and a
 * comment may follow the closing quote; in double quotes {@code \"}, {@code \\} and {@code \n} are
 * escapes); an unquoted value ends where a {@code #} follows a blank ({@code p#w} stays whole). The
 * file is UTF-8, with or without a BOM; a comment may hold bytes that are not UTF-8 (they are
 * skipped). What would misread the variable is refused with the file, the line and the fix: a
 * UTF-16 file, its value not UTF-8, text after its closing quote, a quote never closed.
 *
 * <p>Hand-written rather than dotenv-java: that library reads the file as strict UTF-8 (one
 * Latin-1 comment fails the whole file without a line), keeps a BOM in the first key, cuts an
 * unquoted value at any {@code #} (a password {@code p#w}), and reports no line.
 */
final class DotEnv {
  /** A variable's value, the line it is on, and whether a {@code #} comment was cut from it. */
  record Value(String text, int line, boolean commentCut) {}

  private final Path file;
  private final byte[] bytes;
  private int pos;
  private int line = 1;

  private DotEnv(Path file, byte[] bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  /** The last definition of {@code key} in {@code file}, if any. */
  static Optional<Value> read(Path file, String key) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw LogtoException.usage("Cannot read the env file " + file + ": " + ScriptText.reason(e, file)
          + ". Fix --env-file or remove it.");
    }
    return new DotEnv(file, bytes).find(key);
  }

  private Optional<Value> find(String key) {
    if (bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE
        || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)) {
      throw invalid(1, "it is UTF-16 text (it starts with a UTF-16 byte order mark)", "save it as UTF-8");
    }
    if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      pos = 3; // a UTF-8 byte order mark
    }
    Value found = null;
    while (pos < bytes.length) {
      Value value = entry(key);
      if (value != null) {
        found = value;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Reads the line (or quoted lines) at {@code pos}; the value when it defines {@code key}. */
  private Value entry(String key) {
    int start = line;
    skipBlanks();
    if (pos >= bytes.length || bytes[pos] == '#' || bytes[pos] == '\n' || bytes[pos] == '\r') {
      skipLine();
      return null;
    }
    int nameStart = pos;
    while (pos < bytes.length && bytes[pos] != '=' && bytes[pos] != '\n') {
      pos++;
    }
    if (pos >= bytes.length || bytes[pos] != '=') {
      skipLine(); // no '=': not a definition, as dotenv tools skip it
      return null;
    }
    String name = new String(bytes, nameStart, pos - nameStart, StandardCharsets.UTF_8).strip();
    if (name.startsWith("export ") || name.startsWith("export\t")) {
      name = name.substring("export".length()).strip();
    }
    pos++; // '='
    boolean wanted = name.equals(key);
    int afterEquals = pos;
    skipBlanks();
    if (pos < bytes.length && (bytes[pos] == '"' || bytes[pos] == '\'')) {
      return quoted(name, wanted, start);
    }
    return unquoted(name, wanted, start, pos > afterEquals);
  }

  /** An unquoted value: to the end of the line, or to a '#' after a blank ({@code KEY=#x} is the value #x). */
  private Value unquoted(String name, boolean wanted, int start, boolean blankBefore) {
    int valueStart = pos;
    int end = pos;
    boolean cut = false;
    while (end < bytes.length && bytes[end] != '\n') {
      if (bytes[end] == '#' && (end == valueStart ? blankBefore : isBlank(bytes[end - 1]))) {
        cut = true;
        break;
      }
      end++;
    }
    skipLine();
    return wanted ? new Value(decode(valueStart, end, name, start).strip(), start, cut) : null;
  }

  /**
   * A quoted value, to its closing quote (perhaps on a later line); after it only blanks and a
   * comment. A quote never closed is refused whatever the variable: the rest of the file is in it.
   */
  private Value quoted(String name, boolean wanted, int start) {
    byte quote = bytes[pos++];
    StringBuilder value = new StringBuilder();
    int chunk = pos;
    while (true) {
      if (pos >= bytes.length) {
        throw invalid(start, "the value of " + name + " opens a " + (quote == '"' ? "double" : "single")
            + " quote that is never closed", "close the quote (a quoted value may span lines)");
      }
      byte b = bytes[pos];
      if (b == '\n') {
        line++;
      }
      if (quote == '"' && b == '\\' && pos + 1 < bytes.length) {
        if (wanted) {
          byte next = bytes[pos + 1];
          value.append(decode(chunk, pos, name, start))
              .append(next == 'n' ? "\n" : next == '"' ? "\"" : next == '\\' ? "\\" : "\\" + (char) next);
        }
        pos += 2;
        chunk = pos;
        continue;
      }
      if (b == quote) {
        break;
      }
      pos++;
    }
    if (wanted) {
      value.append(decode(chunk, pos, name, start));
    }
    pos++; // the closing quote
    skipAfterQuote(name, wanted);
    return wanted ? new Value(value.toString().replace("\r\n", "\n"), start, false) : null;
  }

  /** The rest of the line after a closing quote: blanks and a comment, nothing else in a value that is read. */
  private void skipAfterQuote(String name, boolean wanted) {
    skipBlanks();
    boolean rest = pos < bytes.length && bytes[pos] != '\n' && bytes[pos] != '\r' && bytes[pos] != '#';
    int restLine = line;
    skipLine();
    if (rest && wanted) {
      // the text is not shown: it may be the rest of a password that held the quote
      throw invalid(restLine, "the value of " + name + " has text after its closing quote",
          "put a '#' before a comment, or quote the whole value with the other kind of quote");
    }
  }

  /** The text of {@code bytes[from, to)}, which must be UTF-8: it is part of a value that is read. */
  private String decode(int from, int to, String name, int at) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw invalid(at, "the value of " + name + " is not UTF-8 text", "save the file as UTF-8");
    }
  }

  private void skipBlanks() {
    while (pos < bytes.length && isBlank(bytes[pos])) {
      pos++;
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  /** Moves past the end of the current line. */
  private void skipLine() {
    pos = lineEnd(pos);
    if (pos < bytes.length) {
      pos++;
      line++;
    }
  }

  /** Where the line holding {@code from} ends: its '\n', or the end of the file. */
  private int lineEnd(int from) {
    int end = from;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    return end;
  }

  private LogtoException invalid(int at, String problem, String fix) {
    return LogtoException.usage("The env file " + file + " is invalid at line " + at + ": " + problem + ". Fix: "
        + fix + " (or pass --db-url).");
  }
}
