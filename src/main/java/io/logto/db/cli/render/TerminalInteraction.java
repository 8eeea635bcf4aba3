package io.logto.db.cli.render;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * Prompts on a JLine terminal, in the style of the Logto CLI (Inquirer): a list moved with the
 * arrow keys (or j/k) and picked with Enter; Ctrl-C or Esc cancels. The terminal is opened on
 * first use only, so commands that ask nothing pay nothing for it.
 */
public final class TerminalInteraction implements Interaction {
  private static final String ESC = "\u001b[";
  private static final int VISIBLE = 10;

  private final Supplier<Terminal> terminalFactory;
  private final boolean color;
  private Terminal terminal;

  public TerminalInteraction(Supplier<Terminal> terminalFactory) {
    this(terminalFactory, true);
  }

  /** Prompts without colours when {@code color} is false (NO_COLOR, --no-color). */
  public TerminalInteraction(Supplier<Terminal> terminalFactory, boolean color) {
    this.terminalFactory = terminalFactory;
    this.color = color;
  }

  @Override
  public Interaction withoutColor() {
    return color ? new TerminalInteraction(terminalFactory, false) : this;
  }

  /** Prompts on the process's own terminal. */
  public static TerminalInteraction system(boolean color) {
    return new TerminalInteraction(() -> {
      try {
        // graphemeCluster(false): no probing. Otherwise JLine 4 writes queries (DECRQM, DA1, cursor position,
        // emoji) when the terminal is built and reads the answers on a daemon thread with a timeout; on a busy
        // machine that thread outlived the timeout and took the keys typed at the prompt (Enter, Esc were lost)
        return TerminalBuilder.builder().system(true).graphemeCluster(false).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, color);
  }

  private Terminal terminal() {
    if (terminal == null) {
      terminal = terminalFactory.get();
    }
    return terminal;
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public Optional<String> choose(String message, List<String> choices) {
    if (choices.isEmpty()) {
      return Optional.empty();
    }
    Terminal t = terminal();
    Attributes saved = rawMode(t);
    PrintWriter w = t.writer();
    int selected = 0;
    int height = t.getHeight();
    int rows = Math.min(height > 3 ? Math.min(VISIBLE, height - 2) : VISIBLE, choices.size());
    try {
      w.print(ESC + "?25l");
      w.println(green("?") + " " + bold(message) + " " + dim("(Use arrow keys)"));
      render(w, choices, selected, rows, false);
      NonBlockingReader reader = t.reader();
      while (true) {
        int key = readKey(reader);
        if (key == KEY_CANCEL) {
          finish(w, rows, message, dim("cancelled"));
          return Optional.empty();
        }
        if (key == KEY_ENTER) {
          finish(w, rows, message, cyan(choices.get(selected)));
          return Optional.of(choices.get(selected));
        }
        if (key == KEY_UP) {
          selected = (selected - 1 + choices.size()) % choices.size();
        } else if (key == KEY_DOWN) {
          selected = (selected + 1) % choices.size();
        } else {
          continue;
        }
        render(w, choices, selected, rows, true);
      }
    } finally {
      w.print(ESC + "?25h");
      w.flush();
      t.setAttributes(saved);
    }
  }

  /**
   * A yes/no question answered with a line, as the Logto CLI's prompts: nothing happens until Enter.
   * {@code y} or {@code yes} (any case) then Enter confirms; any other answer, or Enter alone,
   * declines; Ctrl-C, Ctrl-D or Esc cancels at once. The typed answer is echoed and can be edited with
   * Backspace; arrow keys are ignored. Once answered, the line shows {@code Yes} or {@code No}.
   */
  @Override
  public Optional<Boolean> confirm(String message) {
    Terminal t = terminal();
    Attributes saved = rawMode(t);
    PrintWriter w = t.writer();
    String question = green("?") + " " + bold(message) + " " + dim("(y/N)") + " ";
    StringBuilder answer = new StringBuilder();
    try {
      w.print(question);
      w.flush();
      NonBlockingReader reader = t.reader();
      while (true) {
        int c = reader.read();
        if (c == 3 || c == 4 || c == -1 || c == 27 && !skipEscapeSequence(reader)) {
          w.print("\r" + ESC + "2K" + question + dim("cancelled") + "\r\n");
          return Optional.empty();
        }
        if (c == '\r' || c == '\n') {
          String text = answer.toString().strip().toLowerCase(java.util.Locale.ROOT);
          boolean yes = text.equals("y") || text.equals("yes");
          w.print("\r" + ESC + "2K" + question + cyan(yes ? "Yes" : "No") + "\r\n");
          return Optional.of(yes);
        }
        if ((c == 127 || c == 8) && answer.length() > 0) {
          answer.setLength(answer.length() - 1);
          w.print("\b \b");
        } else if (c >= ' ' && c != 127 && answer.length() < 80) {
          answer.append((char) c);
          w.print((char) c);
        }
        w.flush();
      }
    } catch (IOException e) {
      return Optional.empty();
    } finally {
      w.flush();
      t.setAttributes(saved);
    }
  }

  /**
   * After an ESC: true when the rest of an escape sequence (an arrow key, {@code ESC [ A}) follows,
   * which is then consumed; false for Esc alone.
   */
  private static boolean skipEscapeSequence(NonBlockingReader reader) throws IOException {
    int next = reader.read(ESCAPE_SEQUENCE_WAIT_MS);
    if (next != '[' && next != 'O') {
      return false;
    }
    for (int c = reader.read(ESCAPE_SEQUENCE_WAIT_MS); c >= 0; c = reader.read(ESCAPE_SEQUENCE_WAIT_MS)) {
      if (c >= 0x40 && c <= 0x7e) {
        break; // the final byte of a control sequence
      }
    }
    return true;
  }

  @Override
  public Optional<String> readSecretLine(String message) {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal()).build();
    try {
      String line = reader.readLine(green("?") + " " + bold(message) + " ", '*');
      return Optional.of(line.trim());
    } catch (UserInterruptException | EndOfFileException e) {
      return Optional.empty();
    }
  }

  private static final int KEY_UP = -10;
  /** How long the rest of an escape sequence may take after its ESC. */
  private static final long ESCAPE_SEQUENCE_WAIT_MS = 500;

  private static final int KEY_DOWN = -11;
  private static final int KEY_ENTER = -12;
  private static final int KEY_CANCEL = -13;
  private static final int KEY_OTHER = -14;

  private static int readKey(NonBlockingReader reader) {
    try {
      int c = reader.read();
      switch (c) {
        case -1, 3, 4 -> {
          return KEY_CANCEL;
        }
        case '\r', '\n' -> {
          return KEY_ENTER;
        }
        case 'k' -> {
          return KEY_UP;
        }
        case 'j' -> {
          return KEY_DOWN;
        }
        case 27 -> {
          // an arrow key is ESC [ A: the rest of it normally comes with the ESC, but the reader's
          // pump thread may hand it over late on a busy machine; waiting only 100 ms there turned
          // an arrow key into Esc (cancel). Esc alone cancels after this wait.
          int c2 = reader.read(ESCAPE_SEQUENCE_WAIT_MS);
          if (c2 != '[' && c2 != 'O') {
            return c2 < 0 ? KEY_CANCEL : KEY_OTHER;
          }
          int c3 = reader.read(ESCAPE_SEQUENCE_WAIT_MS);
          return c3 == 'A' ? KEY_UP : c3 == 'B' ? KEY_DOWN : KEY_OTHER;
        }
        default -> {
          return KEY_OTHER;
        }
      }
    } catch (IOException e) {
      return KEY_CANCEL;
    }
  }

  private static Attributes rawMode(Terminal t) {
    Attributes saved = t.enterRawMode();
    Attributes raw = new Attributes(t.getAttributes());
    raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
    t.setAttributes(raw);
    return saved;
  }

  private void render(PrintWriter w, List<String> choices, int selected, int rows, boolean redraw) {
    if (redraw) {
      w.print(ESC + rows + "A");
    }
    int first = Math.max(0, Math.min(selected - rows / 2, choices.size() - rows));
    for (int i = first; i < first + rows; i++) {
      String line = i == selected ? cyan("> " + choices.get(i)) : "  " + choices.get(i);
      w.print("\r" + ESC + "2K" + line + "\r\n");
    }
    w.flush();
  }

  private void finish(PrintWriter w, int rows, String message, String answer) {
    w.print(ESC + (rows + 1) + "A\r" + ESC + "J");
    w.print(green("?") + " " + bold(message) + " " + answer + "\r\n");
    w.flush();
  }

  private String green(String s) {
    return !color ? s : ESC + "32m" + s + ESC + "0m";
  }

  private String cyan(String s) {
    return !color ? s : ESC + "36m" + s + ESC + "0m";
  }

  private String bold(String s) {
    return !color ? s : ESC + "1m" + s + ESC + "0m";
  }

  private String dim(String s) {
    return !color ? s : ESC + "2m" + s + ESC + "0m";
  }
}
