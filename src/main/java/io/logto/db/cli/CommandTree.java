package io.logto.db.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command hierarchy, in one place, and built only as far as a command line needs it. picocli
 * builds each command's model by reflection, which costs a few milliseconds per command at start-up;
 * {@code logto --version} needs none of the thirteen and {@code deploy} needs four. {@link #forArgs}
 * builds the commands the arguments name, level by level, and every command below the first level
 * they name none of (so {@code --help} lists all subcommands and a typo gets picocli's suggestions),
 * except for {@code --version}, which needs no subcommand.
 * {@link Main} falls back to {@link #full} whenever a partial tree does not parse, so the partial
 * tree never changes what a command line means, only how fast it starts.
 */
final class CommandTree {
  /** A command class and its subcommands. */
  private record Node(Class<?> type, List<Node> children) {
    static Node of(Class<?> type, Node... children) {
      return new Node(type, List.of(children));
    }

    boolean isNamed(String word) {
      Command command = type.getAnnotation(Command.class);
      if (command.name().equals(word)) {
        return true;
      }
      for (String alias : command.aliases()) {
        if (alias.equals(word)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final List<Node> TOP = List.of(
      Node.of(DatabaseCommand.class,
          Node.of(AlterationCommand.class,
              Node.of(DeployCommand.class), Node.of(RollbackCommand.class), Node.of(ListCommand.class),
              Node.of(StatusCommand.class), Node.of(NewCommand.class), Node.of(ReleaseCommand.class),
              Node.of(CheckCommand.class))),
      Node.of(GenerateCompletion.class));

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

  /** Every command class, for tests that check the tree against the annotations. */
  static List<Class<?>> allTypes() {
    List<Class<?>> types = new ArrayList<>();
    collect(TOP, types);
    return types;
  }

  private static void collect(List<Node> nodes, List<Class<?>> types) {
    for (Node node : nodes) {
      types.add(node.type());
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
