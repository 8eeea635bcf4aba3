package io.logto.db.cli;

import java.util.List;
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
   * at start-up; a test checks them against the annotations), whether it opens a database (for
   * {@link Warmup}) and its subcommands.
   */
  private record Node(Class<?> type, List<String> names, boolean connects, List<Node> children) {
    static Node of(Class<?> type, List<String> names, Node... children) {
      return new Node(type, names, false, List.of(children));
    }

    /** A command that opens a database ({@code list} only with a URL; warming up is harmless). */
    static Node connecting(Class<?> type, List<String> names) {
      return new Node(type, names, true, List.of());
    }

    boolean isNamed(String word) {
      return names.contains(word);
    }
  }

  private static final List<Node> TOP = List.of(
      Node.of(DatabaseCommand.class, List.of("db", "database"),
          Node.of(AlterationCommand.class, List.of("alteration", "alt", "alter"),
              Node.connecting(DeployCommand.class, List.of("deploy")),
              Node.connecting(RollbackCommand.class, List.of("rollback", "r")),
              Node.connecting(ListCommand.class, List.of("list", "ls")),
              Node.connecting(StatusCommand.class, List.of("status")),
              Node.of(NewCommand.class, List.of("new")),
              Node.of(ReleaseCommand.class, List.of("release")),
              Node.connecting(CheckCommand.class, List.of("check")),
              Node.connecting(ReconcileCommand.class, List.of("reconcile")),
              Node.connecting(DiffCommand.class, List.of("diff")))),
      Node.of(CompletionCommand.class, List.of("generate-completion")));

  private CommandTree() {}

  /** Every command: for the root's help, man pages and shell completion. */
  static CommandLine full(LogtoCommand root) {
    CommandLine line = new CommandLine(root);
    for (Node child : TOP) {
      line.addSubcommand(build(child, true, new RawArgs(new String[0]), 0));
    }
    return line;
  }

  /** The commands {@code args} name (see the class comment). */
  static CommandLine forArgs(LogtoCommand root, RawArgs args) {
    if (args.has(RawArgs.HELP)) {
      return full(root); // help lists subcommands, whichever position --help takes
    }
    int at = find(TOP, args, 0);
    if (at < 0) {
      return args.has(RawArgs.VERSION) ? new CommandLine(root) : full(root);
    }
    Node named = named(TOP, args.get(at));
    if (named.type() == CompletionCommand.class) {
      return full(root); // completion describes every command
    }
    CommandLine line = new CommandLine(root);
    line.addSubcommand(build(named, false, args, at + 1));
    return line;
  }

  /** True when {@code args} name a command that opens a database. */
  static boolean connects(RawArgs args) {
    List<Node> nodes = TOP;
    int from = 0;
    while (true) {
      int at = find(nodes, args, from);
      if (at < 0) {
        return false;
      }
      Node node = named(nodes, args.get(at));
      if (node.children().isEmpty()) {
        return node.connects();
      }
      nodes = node.children();
      from = at + 1;
    }
  }

  private static CommandLine build(Node node, boolean all, RawArgs args, int from) {
    CommandLine line = new CommandLine(newInstance(node.type()));
    if (node.children().isEmpty()) {
      return line;
    }
    int at = all ? -1 : find(node.children(), args, from);
    if (at < 0 && !all && args.has(RawArgs.VERSION)) {
      return line;
    }
    if (at < 0) {
      for (Node child : node.children()) {
        line.addSubcommand(build(child, true, args, from));
      }
    } else {
      line.addSubcommand(build(named(node.children(), args.get(at)), false, args, at + 1));
    }
    return line;
  }

  /** The index of the first argument from {@code from} on that names one of {@code nodes}, or -1. */
  private static int find(List<Node> nodes, RawArgs args, int from) {
    return args.find(from, word -> named(nodes, word) != null);
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
