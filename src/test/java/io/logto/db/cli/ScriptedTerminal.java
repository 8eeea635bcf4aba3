package io.logto.db.cli;

import io.logto.db.cli.render.TerminalInteraction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A JLine stream terminal driven by a test (JLine 4 backs it with a real pty, so the kernel's line
 * discipline applies: ISIG, ICRNL, ONLCR): keys go in through {@link #type}, and what the program
 * wrote comes back as a rendered {@link Screen} (a small VT100 model: cursor moves, line and screen
 * erase, colours dropped), so tests can assert what a person would see after redraws.
 */
final class ScriptedTerminal implements AutoCloseable {
  static final String DOWN = "\u001b[B";
  static final String UP = "\u001b[A";
  static final String LEFT = "\u001b[D";
  static final String ENTER = "\r";
  static final String CTRL_C = "\u0003";
  static final String ESC = "\u001b";

  /** JLine logs the closed pty's "Error in output pump" at WARNING on close: noise here. Strong reference. */
  private static final java.util.logging.Logger JLINE_LOG = quietJline();

  private final KeyFeed keys = new KeyFeed();
  private final Capture output = new Capture();
  private final List<Terminal> opened = new ArrayList<>();
  private final TerminalInteraction interaction;

  ScriptedTerminal() {
    this(40);
  }

  @SuppressWarnings("deprecation") // Size(int, int): the form the brief's builder call uses
  ScriptedTerminal(int height) {
    interaction = new TerminalInteraction(() -> {
      try {
        Terminal terminal = TerminalBuilder.builder().system(false).streams(keys, output)
            .type("xterm-256color").size(new Size(120, height)).build();
        opened.add(terminal);
        return terminal;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static java.util.logging.Logger quietJline() {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.jline");
    logger.setLevel(java.util.logging.Level.OFF);
    return logger;
  }

  TerminalInteraction interaction() {
    return interaction;
  }

  /** Sends key bytes as if typed. */
  void type(String keyBytes) {
    keys.add(keyBytes.getBytes(StandardCharsets.UTF_8));
  }

  /** Everything written to the terminal so far, escape sequences included. */
  String raw() {
    return output.text();
  }

  /** Everything written so far with the escape sequences removed. */
  String plain() {
    return stripAnsi(raw());
  }

  Screen screen() {
    return Screen.render(raw());
  }

  /** Waits until the rendered screen satisfies {@code condition}; fails with the screen otherwise. */
  Screen await(String what, Predicate<Screen> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Screen screen = screen();
      if (condition.test(screen)) {
        return screen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; screen:\n" + screen + "\nraw: "
            + raw().replace("\u001b", "\\e"));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Waits until the screen shows exactly {@code expected}: the pty's output pump may still be
   * copying the last redraw when the prompt has already returned.
   */
  Screen awaitLines(String... expected) {
    return await("the screen " + List.of(expected), s -> s.lines().equals(List.of(expected)));
  }

  Screen awaitText(String text) {
    return await("'" + text + "'", s -> s.text().contains(text));
  }

  static String stripAnsi(String text) {
    return text.replaceAll("\u001b\\[[0-9;?]*[ -/]*[@-~]", "").replaceAll("\u001b[@-Z\\\\-_]", "");
  }

  @Override
  public void close() throws IOException {
    keys.close();
    for (Terminal terminal : opened) {
      terminal.close();
    }
  }

  /** Keyboard input: blocks until the test types something; closing it is end of input. */
  private static final class KeyFeed extends InputStream {
    private static final int EOF = -1;
    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();

    void add(byte[] bytes) {
      for (byte b : bytes) {
        queue.add(b & 0xff);
      }
    }

    @Override
    public int read() throws IOException {
      try {
        int b = queue.take();
        if (b == EOF) {
          queue.add(EOF);
        }
        return b;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      int first = read();
      if (first == EOF) {
        return EOF;
      }
      buffer[offset] = (byte) first;
      int n = 1;
      Integer next;
      while (n < length && (next = queue.peek()) != null && next != EOF) {
        buffer[offset + n++] = (byte) queue.poll().intValue();
      }
      return n;
    }

    @Override
    public int available() {
      return (int) queue.stream().filter(b -> b != EOF).count();
    }

    @Override
    public void close() {
      queue.add(EOF);
    }
  }

  /** The terminal's output, readable while the program writes. */
  private static final class Capture extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** What a 120-column terminal shows after interpreting the output (rows grow without limit). */
  static final class Screen {
    private final List<StringBuilder> rows = new ArrayList<>();
    private int row;
    private int col;
    private boolean cursorVisible = true;

    static Screen render(String output) {
      Screen screen = new Screen();
      screen.feed(output);
      return screen;
    }

    private StringBuilder line(int index) {
      while (rows.size() <= index) {
        rows.add(new StringBuilder());
      }
      return rows.get(index);
    }

    private void feed(String text) {
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
          int j = i + 2;
          while (j < text.length() && (text.charAt(j) < '@' || text.charAt(j) > '~')) {
            j++;
          }
          if (j >= text.length()) {
            return;
          }
          csi(text.substring(i + 2, j), text.charAt(j));
          i = j + 1;
        } else if (c == '\u001b') {
          i += 2; // a two-character escape (ESC 7, ESC =, ...): no visible effect here
        } else if (c == '\r') {
          col = 0;
          i++;
        } else if (c == '\n') {
          row++; // the tty's ONLCR turns LF into CR LF
          col = 0;
          i++;
        } else if (c == '\b') {
          col = Math.max(0, col - 1);
          i++;
        } else if (c < ' ' || c == 127) {
          i++; // bell and other controls
        } else {
          StringBuilder line = line(row);
          while (line.length() < col) {
            line.append(' ');
          }
          if (col < line.length()) {
            line.setCharAt(col, c);
          } else {
            line.append(c);
          }
          col++;
          i++;
        }
      }
    }

    private void csi(String params, char command) {
      boolean privateMode = params.startsWith("?");
      String p = privateMode ? params.substring(1) : params;
      int n = p.isEmpty() || !p.matches("\\d+") ? -1 : Integer.parseInt(p);
      switch (command) {
        case 'A' -> row = Math.max(0, row - Math.max(1, n));
        case 'B' -> row += Math.max(1, n);
        case 'C' -> col += Math.max(1, n);
        case 'D' -> col = Math.max(0, col - Math.max(1, n));
        case 'G' -> col = Math.max(1, n) - 1;
        case 'K' -> {
          StringBuilder line = line(row);
          int mode = Math.max(0, n);
          if (mode == 0 && col < line.length()) {
            line.setLength(col);
          } else if (mode == 1) {
            for (int k = 0; k <= col && k < line.length(); k++) {
              line.setCharAt(k, ' ');
            }
          } else if (mode == 2) {
            line.setLength(0);
          }
        }
        case 'J' -> {
          int mode = Math.max(0, n);
          if (mode == 0) {
            StringBuilder line = line(row);
            if (col < line.length()) {
              line.setLength(col);
            }
            while (rows.size() > row + 1) {
              rows.remove(rows.size() - 1);
            }
          } else if (mode == 2) {
            rows.clear();
          }
        }
        case 'h', 'l' -> {
          if (privateMode && p.equals("25")) {
            cursorVisible = command == 'h';
          }
        }
        default -> {
          // colours (m) and modes: nothing visible
        }
      }
    }

    /** The visible lines, trailing blanks and trailing empty lines removed. */
    List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (StringBuilder r : rows) {
        lines.add(r.toString().replaceAll("\\s+$", ""));
      }
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      return lines;
    }

    String text() {
      return String.join("\n", lines());
    }

    boolean cursorVisible() {
      return cursorVisible;
    }

    @Override
    public String toString() {
      return "+" + "-".repeat(40) + "\n" + text() + "\n+" + "-".repeat(40) + " cursor at " + row + "," + col
          + (cursorVisible ? "" : " (hidden)");
    }
  }
}
