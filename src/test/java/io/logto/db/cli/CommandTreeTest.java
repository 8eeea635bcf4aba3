package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.cli.render.Interaction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandTreeTest {
  /** The partial tree parses a command line exactly as the whole tree does. */
  @ParameterizedTest
  @ValueSource(strings = {
      "--version",
      "db alt deploy 1.2.0 --db-url postgres://u@h/d --dry-run",
      "db alt deploy next --db-url postgres://u@h/d --dry-run --analyze --scratch-url postgres://u@h/s",
      "db alt check --hazards warn",
      "db alt deploy 1.2.0 --yes",
      "db alt deploi",
      "db",
      "database alteration rollback 1.0.0 --yes",
      "db alter list --alterations dir --json",
      "--log-file db db alt status --exit-code",
      "--log-file log db alt status --exit-code",
      "-q db alt check --static-only",
      "db alt new add-things",
      "db alt release 1.4.0",
      "-v",
      "--db-url postgres://u@h/d db alt deploy 1.2.0",
      "db --db-url postgres://u@h/d -e .env.prod alt --state-table systems status",
      "db alt rollback --to-timestamp 1700400000 --yes",
      "db alt deploy next -- --help"})
  void aPartialTreeMeansWhatTheWholeTreeMeans(String line) {
    String[] args = line.split(" ");
    assertThat(parse(CommandTree.forArgs(new LogtoCommand(null), new RawArgs(args)), args))
        .isEqualTo(parse(CommandTree.full(new LogtoCommand(null)), args));
  }

  /** What a tree makes of the arguments: each command with its matched arguments, or the error. */
  private static String parse(CommandLine tree, String[] args) {
    try {
      return describe(tree.parseArgs(args)).toString();
    } catch (CommandLine.ParameterException e) {
      return "error";
    }
  }

  private static List<String> describe(CommandLine.ParseResult result) {
    return result.asCommandLineList().stream().map(c -> c.getCommandName() + " " + c.getParseResult().matchedArgs()
        .stream().map(a -> a.toString() + "=" + a.getValue()).toList()).toList();
  }

  @Test
  void versionBuildsNoSubcommand() {
    assertThat(CommandTree.forArgs(new LogtoCommand(null), new RawArgs(new String[] {"--version"})).getSubcommands())
        .isEmpty();
    assertThat(CommandTree.forArgs(new LogtoCommand(null), new RawArgs(new String[] {"db", "alt", "deploy"}))
        .getSubcommands().get("db").getSubcommands().get("alt").getSubcommands()).containsOnlyKeys("deploy");
  }

  @Test
  void theRawArgumentsHelpAndVersionAreTheOptionsNames() {
    CommandLine full = CommandTree.full(new LogtoCommand(null));
    assertThat(List.of(full.getCommandSpec().findOption("--help").names())).isEqualTo(RawArgs.HELP);
    assertThat(List.of(full.getCommandSpec().findOption("--version").names())).isEqualTo(RawArgs.VERSION);
  }

  @Test
  void commandsThatConnectAreTheLeavesWithConnectionOptions() {
    CommandLine full = CommandTree.full(new LogtoCommand(null));
    for (CommandLine group : full.getSubcommands().get("db").getSubcommands().values()) {
      for (var leaf : group.getSubcommands().entrySet()) {
        String[] args = {"db", "alt", leaf.getKey()};
        boolean hasDatabase = leaf.getValue().getCommandSpec().findOption("--db-url") != null;
        assertThat(CommandTree.connects(new RawArgs(args))).as(leaf.getKey()).isEqualTo(hasDatabase);
      }
    }
    assertThat(CommandTree.connects(new RawArgs(new String[] {"db", "alt", "new", "--", "deploy"}))).isFalse();
    assertThat(CommandTree.connects(new RawArgs(new String[] {"--db-url", "x", "db", "alt", "deploy"}))).isTrue();
    assertThat(CommandTree.connects(new RawArgs(new String[] {"generate-completion"}))).isFalse();
  }

  @Test
  void everyCommandIsInTheTreeOnceUnderItsAnnotatedNames() {
    assertThat(CommandTree.allTypes()).hasSize(12).allSatisfy((type, names) -> {
      picocli.CommandLine.Command command = type.getAnnotation(picocli.CommandLine.Command.class);
      assertThat(command).as(type.getName()).isNotNull();
      List<String> annotated = new java.util.ArrayList<>(List.of(command.name()));
      annotated.addAll(List.of(command.aliases()));
      assertThat(names).as(type.getName()).isEqualTo(annotated);
    });
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = Main.run(new Environment(print, print, Map.of(), Path.of("."), Interaction.NONE), args);
    return code + "\n" + out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpBeforeASubcommandNameStillListsEverySubcommand() {
    assertThat(run("-h", "db")).contains("db, database", "generate-completion");
    assertThat(run("db", "alteration", "-h", "deploy")).contains("deploy", "rollback", "status", "check");
  }

  @Test
  void groupHelpListsEverySubcommand() {
    assertThat(run("db", "alt", "--help")).startsWith("0\n")
        .contains("deploy", "rollback", "list", "status", "new", "release", "check");
    assertThat(run("--help")).contains("db", "generate-completion");
  }

  @Test
  void aMistypedCommandGetsTheWholeTreesMessage() {
    assertThat(run("db", "alt", "deploi")).isEqualTo("2\n[error] Unknown command 'deploi' for `logto db alteration`:"
        + " did you mean deploy? Run 'logto db alteration --help' for usage.\n");
  }

  @Test
  void versionOnAnyCommandPrintsTheVersion() {
    assertThat(run("--version")).startsWith("0\nlogto ").contains("alterations: ").contains("java: ");
    assertThat(run("-v")).isEqualTo(run("--version")).isEqualTo(run("-V"));
    assertThat(run("db", "alt", "status", "-v")).isEqualTo(run("--version"));
    assertThat(run("db", "alt", "deploy", "--version")).startsWith("0\nlogto ");
    assertThat(run("--help", "--version")).contains("Usage: logto");
  }
}
