package io.logto.db.script;

import io.logto.db.error.LogtoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A script file's bytes as text: UTF-8, checked. Bytes that are not UTF-8 would be replaced by
 * U+FFFD and stored silently, and a NUL byte is sent to a server that cannot take it in SQL text
 * (it drops the connection, every time): both are refused when the scripts are read, naming the
 * file, the line and the fix. Also the message for a script file that cannot be read at all.
 */
public final class ScriptText {
  private ScriptText() {}

  /** What is wrong with a script's bytes, and the fix. */
  public record Problem(String problem, String fix) {}

  /**
   * The text of {@code bytes}, the content of {@code fileName}.
   *
   * @throws LogtoException (usage) when they are not UTF-8 or hold a NUL byte; a file whose name
   *     is not a script's is reported for its name first
   */
  public static String decode(String fileName, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Problem problem = problem(bytes, text);
    if (problem != null) {
      ScriptName.parse(fileName); // a stray file (notes.pdf) is reported for its name
      throw LogtoException.usage("Alteration " + fileName + " is invalid: " + problem.problem() + ". Fix: "
          + problem.fix() + ".");
    }
    return text;
  }

  /** Why {@code bytes} (decoded leniently as {@code text}) cannot be a script, or null when they can. */
  public static Problem problem(byte[] bytes, String text) {
    if (bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE
        || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)) {
      return new Problem("it is UTF-16 text (it starts with a UTF-16 byte order mark)", "save it as UTF-8");
    }
    if (text.indexOf('\uFFFD') >= 0) {
      int bad = firstMalformed(bytes);
      if (bad >= 0) {
        return new Problem("line " + lineAt(bytes, bad) + " has a byte that is not UTF-8 (0x"
            + String.format("%02X", bytes[bad] & 0xFF) + ", perhaps Latin-1 or Windows-1252 text)",
            "save the file as UTF-8");
      }
    }
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      return new Problem("line " + SqlSplitter.lineOf(text, nul) + " holds a NUL byte, which PostgreSQL cannot take"
          + " in SQL text", "remove it (write binary data as a bytea literal such as '\\x00')");
    }
    return null;
  }

  /**
   * The error for a script (or an entry of an alterations folder) that cannot be read: what it
   * is, what failed and the fix, without the exception's class name.
   */
  public static LogtoException unreadable(Path path, IOException e) {
    if (Files.isSymbolicLink(path) && !Files.exists(path)) {
      String target;
      try {
        target = Files.readSymbolicLink(path).toString();
      } catch (IOException | UnsupportedOperationException unknown) {
        target = "a path";
      }
      return LogtoException.usage("Cannot read alteration " + path + ": it is a symbolic link to " + target
          + ", which does not exist. Fix: restore the link's target, or remove the link from the folder.");
    }
    if (e instanceof AccessDeniedException || Files.exists(path) && !Files.isReadable(path)) {
      return LogtoException.usage("Cannot read alteration " + path + ": permission denied. Fix: let the user"
          + " running logto read it (chmod a+r), or move it out of the folder.");
    }
    return LogtoException.usage("Cannot read alteration " + path + ": " + reason(e, path) + ". Fix: check the file,"
        + " or move it out of the folder.");
  }

  /**
   * What an I/O failure on {@code path} says, without the exception's class name, naming the file
   * that failed when it is another (a parent folder that cannot be created).
   */
  public static String reason(IOException e, Path path) {
    String reason = reason(e);
    if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
        && !fs.getFile().equals(path.toString())) {
      return reason + " (" + fs.getFile() + ")";
    }
    return reason;
  }

  /** What an I/O failure says, without the exception's class name. */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** The offset of the first byte that does not decode as UTF-8, or -1. */
  private static int firstMalformed(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length));
    CoderResult result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : -1;
  }

  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
