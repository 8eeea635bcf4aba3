package io.logto.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command run in a real terminal: a detached tmux session on a private server, typed into with
 * {@code send-keys} and read back with {@code capture-pane}, as a person would use it. After the
 * command the pane shows {@code [exit N]} and then a shell prompt line ({@code [shell] }), where
 * anything the command left unread in the terminal would arrive.
 */
public final class Tmux implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern EXIT = Pattern.compile("\\[exit (\\d+)]");

  private final String socket = "logto-test-" + UUID.randomUUID();

  private Tmux() {}

  /** Skips the test when tmux is not installed (call it from the test or {@code @BeforeEach}: see {@link Skips}). */
  public static void assumeInstalled() {
    boolean installed;
    try {
      installed = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException e) {
      installed = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      installed = false;
    }
    Skips.unless(installed, "tmux is not installed (apt-get install tmux): the terminal tests need a real terminal");
  }

  /**
   * Starts {@code command} in a new terminal of {@code width} columns in {@code dir}, with the
   * variables {@link Jar#clean} leaves and {@code env}; after it ends, a shell reads what is left.
   */
  public static Tmux start(Path dir, Map<String, String> env, List<String> command, int width) {
    assumeInstalled();
    Tmux tmux = new Tmux();
    String script = command.stream().map(Tmux::quote).collect(Collectors.joining(" "))
        + "; echo \"[exit $?]\"; printf '[shell] '; read -r leftover; echo \"[shell read: $leftover]\"; sleep 3600";
    ProcessBuilder builder = new ProcessBuilder("tmux", "-L", tmux.socket, "-f", "/dev/null", "new-session", "-d",
        "-s", "logto", "-x", String.valueOf(width), "-y", "100", "-c", dir.toString(), script);
    Jar.clean(builder.environment());
    builder.environment().putAll(env);
    tmux.tmux(builder);
    return tmux;
  }

  /** Types {@code text} literally. */
  public void type(String text) {
    tmux("send-keys", "-t", "logto", "-l", text);
  }

  /** Presses keys by tmux's names: {@code Enter}, {@code Escape}, {@code C-c}, {@code Down}, {@code BSpace}. */
  public void press(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "logto"));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
  }

  /**
   * What the pane shows, wrapped lines joined, without trailing blank lines. Only the visible screen
   * (100 lines): tmux copies a screen cleared from its top into the scrollback, so the scrollback
   * holds lines a person no longer sees, such as a prompt's list replaced by its answer.
   */
  public String screen() {
    return tmux("capture-pane", "-p", "-J", "-t", "logto").stripTrailing();
  }

  public List<String> lines() {
    return screen().lines().map(String::stripTrailing).toList();
  }

  /** Waits until the screen passes {@code test}; fails with the screen after a minute. */
  public String await(String what, Predicate<String> test) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String screen = screen();
      if (test.test(screen)) {
        return screen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the terminal shows:\n" + screen
            + "\n--- the terminal's settings and processes:\n" + ttyState());
      }
      sleep(100);
    }
  }

  public String awaitText(String text) {
    return await("'" + text + "'", screen -> screen.contains(text));
  }

  /** The command's exit code, once it has ended. */
  public int exitCode() {
    Matcher m = EXIT.matcher(await("the command to end", screen -> EXIT.matcher(screen).find()));
    m.find();
    return Integer.parseInt(m.group(1));
  }

  /** The lines the command printed: everything before {@code [exit N]}, once it has ended. */
  public List<String> output() {
    exitCode();
    List<String> lines = lines();
    List<String> output = new ArrayList<>();
    for (String line : lines) {
      if (EXIT.matcher(line).find()) {
        break;
      }
      output.add(line);
    }
    return output;
  }

  /** {@code stty -a} of the pane's terminal and the processes on it: what a hung read waits for. */
  private String ttyState() {
    try {
      String tty = tmux("display", "-p", "-t", "logto", "#{pane_tty}").strip();
      Process stty = new ProcessBuilder("sh", "-c", "stty -a < " + tty + "; ps -t " + tty.replace("/dev/", "")
          + " -o pid,stat,wchan:20,args").redirectErrorStream(true).start();
      return new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return e.toString();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private String tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    return tmux(new ProcessBuilder(command));
  }

  private String tmux(ProcessBuilder builder) {
    try {
      Process process = builder.redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(10,
          TimeUnit.SECONDS);
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
