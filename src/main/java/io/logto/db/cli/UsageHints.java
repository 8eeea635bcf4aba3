package io.logto.db.cli;

import io.logto.db.jdbc.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one-line message for a command line that does not parse. picocli's own says what it could not
 * match; for the two mistakes people make most it says what to do instead: a mistyped command
 * ({@code logto db alt deplyo}: did you mean deploy?) and an option given to a command that does not
 * take it ({@code logto db alt --yes rollback 1.0.0}: it is an option of rollback, put it after it).
 * Called with the whole command tree, so every command can be searched.
 */
final class UsageHints {
  private UsageHints() {}

  static String message(ParameterException e) {
    CommandLine at = e.getCommandLine();
    String help = " Run '" + at.getCommandSpec().qualifiedName() + " --help' for usage.";
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String word = unmatched.getUnmatched().get(0);
      String hint = word.startsWith("-") ? misplacedOption(at, word) : unknownCommand(at, word);
      if (hint != null) {
        return Redactor.redact(hint) + help;
      }
    }
    return Redactor.redact(e.getMessage()) + "." + help;
  }

  /** An option that this command does not take: which commands take it, or a close option name. */
  private static String misplacedOption(CommandLine at, String word) {
    String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
    List<CommandLine> owners = new ArrayList<>();
    collectOwners(root(at), name, owners);
    String here = "`" + at.getCommandSpec().qualifiedName() + "`";
    List<CommandLine> leaves = owners.stream().filter(c -> c.getSubcommands().isEmpty()).toList();
    if (!leaves.isEmpty()) {
      return "Unknown option '" + name + "' for " + here + ": it is an option of "
          + and(leaves.stream().map(c -> c.getCommandSpec().name()).toList())
          + ". Put it after the command it belongs to, e.g. " + leaves.get(0).getCommandSpec().qualifiedName()
          + " ... " + name + ".";
    }
    List<String> known = new ArrayList<>();
    at.getCommandSpec().options().forEach(option -> known.addAll(List.of(option.names())));
    String closest = closest(name, known);
    return closest == null ? null
        : "Unknown option '" + name + "' for " + here + ": did you mean " + closest + "?";
  }

  /** A word where a command was expected: a close command name, or the command of that name elsewhere in the tree. */
  private static String unknownCommand(CommandLine at, String word) {
    if (at.getSubcommands().isEmpty()) {
      return null; // a leaf given one argument too many: picocli's message says which
    }
    String here = "`" + at.getCommandSpec().qualifiedName() + "`";
    List<CommandLine> elsewhere = new ArrayList<>();
    collectNamed(root(at), word, elsewhere);
    if (!elsewhere.isEmpty()) {
      return "Unknown command '" + word + "' for " + here + ": did you mean "
          + elsewhere.get(0).getCommandSpec().qualifiedName() + "?";
    }
    String closest = closest(word, new ArrayList<>(at.getSubcommands().keySet()));
    if (closest != null) {
      return "Unknown command '" + word + "' for " + here + ": did you mean " + closest + "?";
    }
    List<String> names = at.getSubcommands().values().stream().distinct()
        .map(c -> c.getCommandSpec().name()).toList();
    return "Unknown command '" + word + "' for " + here + "; its commands are " + and(names) + ".";
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  private static String and(List<String> words) {
    int last = words.size() - 1;
    return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " and " + words.get(last);
  }

  private static CommandLine root(CommandLine line) {
    CommandLine root = line;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root;
  }

  /** The commands (each once, aliases aside) that have an option named {@code name}, in tree order. */
  private static void collectOwners(CommandLine line, String name, List<CommandLine> owners) {
    if (line.getCommandSpec().findOption(name) != null && !owners.contains(line)) {
      owners.add(line);
    }
    line.getSubcommands().values().stream().distinct().forEach(sub -> collectOwners(sub, name, owners));
  }

  private static void collectNamed(CommandLine line, String word, List<CommandLine> found) {
    for (var entry : line.getSubcommands().entrySet()) {
      if (entry.getKey().equals(word) && !found.contains(entry.getValue())) {
        found.add(entry.getValue());
      }
    }
    line.getSubcommands().values().stream().distinct().forEach(sub -> collectNamed(sub, word, found));
  }

  /** The candidate closest to {@code word} by edit distance (a swap counts once), if close enough to be a typo. */
  static String closest(String word, List<String> candidates) {
    return candidates.stream()
        .filter(c -> c.replace("-", "").length() > 2) // a short alias (r, ls, -q) is one typo away from too much
        .filter(c -> distance(word, c) <= Math.max(1, Math.min(2, c.length() / 3)))
        .min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(Comparator.naturalOrder()))
        .orElse(null);
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
