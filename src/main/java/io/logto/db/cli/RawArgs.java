package io.logto.db.cli;

import java.util.List;
import java.util.function.Predicate;

/**
 * The command line as typed, looked at before picocli parses it: by {@link Main} (is there
 * {@code --json}, help or version?), {@link CommandTree} (which commands to build) and
 * {@link Warmup} (does the command connect?). One reading for all of them: only the words before
 * the first {@code --} count, since picocli takes every word after it as a positional parameter.
 */
final class RawArgs {
  /** The names of the help option ({@link LogtoCommand#help}). */
  static final List<String> HELP = List.of("-h", "--help");
  /** The names of the version option ({@link LogtoCommand#version}). */
  static final List<String> VERSION = List.of("-v", "-V", "--version");

  private final String[] args;
  /** The index of the first {@code --}, or the number of words. */
  private final int end;

  RawArgs(String[] args) {
    this.args = args.clone();
    int dashes = List.of(args).indexOf("--");
    this.end = dashes < 0 ? args.length : dashes;
  }

  /** True when one of {@code names} is a word before any {@code --}. */
  boolean has(List<String> names) {
    return find(0, names::contains) >= 0;
  }

  boolean has(String name) {
    return has(List.of(name));
  }

  boolean helpOrVersion() {
    return has(HELP) || has(VERSION);
  }

  /** The index of the first word from {@code from} on, before any {@code --}, that passes {@code test}; or -1. */
  int find(int from, Predicate<String> test) {
    for (int i = from; i < end; i++) {
      if (test.test(args[i])) {
        return i;
      }
    }
    return -1;
  }

  String get(int index) {
    return args[index];
  }
}
