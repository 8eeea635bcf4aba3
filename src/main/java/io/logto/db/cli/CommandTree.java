package io.logto.db.cli;

import java.util.List;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;

/**
 * The command hierarchy, in one place, and built only as far as a command line needs it. picocli
 * builds each command's model by reflection, which costs a few milliseconds per command at start-up;
 * {@code logto --version} needs none of the fourteen and {@code deploy} needs four. {@link #forArgs}
 * builds the commands the arguments name, level by level, and every command below the first level
 * they name none of (so {@code --help} lists all subcommands and a typo gets picocli's suggestions),
 * except for {@code --version}, which needs no subcommand.
 * {@link Main} falls back to {@link #full} whenever a partial tree does not parse, so the partial
 * tree never changes what a command line means, only how fast it starts.
 */
final class CommandTree {
  /**
   * A command class, the names it answers to (its {@code @Command} name and aliases, spelled here
   * because reading an annotation parses all of a class's annotations, a few milliseconds per class
   * at start-up; a test checks them against the annotations) and its subcommands.
   */
  private record Node(Class<?> type, List<String> names, List<Node> children) {
    static Node of(Class<?> type, List<String> names, Node... children) {
      return new Node(type, names, List.of(children));
    }

    boolean isNamed(String word) {
      return names.contains(word);
    }
  }

  private static final List<Node> TOP = List.of(
      Node.of(DatabaseCommand.class, List.of("db", "database"),
          Node.of(AlterationCommand.class, List.of("alteration", "alt", "alter"),
              Node.of(DeployCommand.class, List.of("deploy")),
              Node.of(RollbackCommand.class, List.of("rollback", "r")),
              Node.of(ListCommand.class, List.of("list", "ls")),
              Node.of(StatusCommand.class, List.of("status")),
              Node.of(NewCommand.class, List.of("new")),
              Node.of(ReleaseCommand.class, List.of("release")),
              Node.of(CheckCommand.class, List.of("check")),
              Node.of(DiffCommand.class, List.of("diff")))),
      Node.of(GenerateCompletion.class, List.of("generate-completion")));

  private CommandTree() {}

  /** Every command: for the root's help, man pages and shell completion. */
  static CommandLine full(LogtoCommand root) {
    CommandLine line = new CommandLine(root);
    for (Node child : TOP) {
      line.addSubcommand(build(child, true, new String[0], 0));
    }
    return line;
  }

  /** The commands {@code args} name (see the class comment). */
  static CommandLine forArgs(LogtoCommand root, String[] args) {
    if (helpRequested(args)) {
      return full(root); // help lists subcommands, whichever position --help takes
    }
    int at = find(TOP, args, 0);
    if (at < 0) {
      return versionOnly(args) ? new CommandLine(root) : full(root);
    }
    Node named = named(TOP, args[at]);
    if (named.type() == GenerateCompletion.class) {
      return full(root); // completion describes every command
    }
    CommandLine line = new CommandLine(root);
    line.addSubcommand(build(named, false, args, at + 1));
    return line;
  }

  private static CommandLine build(Node node, boolean all, String[] args, int from) {
    CommandLine line = new CommandLine(newInstance(node.type()));
    if (node.children().isEmpty()) {
      return line;
    }
    int at = all ? -1 : find(node.children(), args, from);
    if (at < 0 && !all && versionOnly(args)) {
      return line;
    }
    if (at < 0) {
      for (Node child : node.children()) {
        line.addSubcommand(build(child, true, args, from));
      }
    } else {
      line.addSubcommand(build(named(node.children(), args[at]), false, args, at + 1));
    }
    return line;
  }

  private static boolean helpRequested(String[] args) {
    return hasFlag(args, "-h", "--help");
  }

  /** {@code --version} (help was handled before): no subcommand below is needed to print it. */
  private static boolean versionOnly(String[] args) {
    return hasFlag(args, "-V", "--version");
  }

  /** True when one of {@code flags} comes before any {@code --}. */
  private static boolean hasFlag(String[] args, String... flags) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      for (String flag : flags) {
        if (arg.equals(flag)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The index of the first argument from {@code from} on that names one of {@code nodes}, or -1. */
  private static int find(List<Node> nodes, String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      if (args[i].equals("--")) {
        return -1;
      }
      if (named(nodes, args[i]) != null) {
        return i;
      }
    }
    return -1;
  }

  private static Node named(List<Node> nodes, String word) {
    for (Node node : nodes) {
      if (node.isNamed(word)) {
        return node;
      }
    }
    return null;
  }

  /** Every command class with the names the tree gives it, for tests that check them against the annotations. */
  static java.util.Map<Class<?>, List<String>> allTypes() {
    java.util.Map<Class<?>, List<String>> types = new java.util.LinkedHashMap<>();
    collect(TOP, types);
    return types;
  }

  private static void collect(List<Node> nodes, java.util.Map<Class<?>, List<String>> types) {
    for (Node node : nodes) {
      if (types.put(node.type(), node.names()) != null) {
        throw new IllegalStateException(node.type() + " is in the command tree twice");
      }
      collect(node.children(), types);
    }
  }

  private static Object newInstance(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create the command " + type.getName(), e);
    }
  }
}
