package bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor of logto's stack for {@code --version}: a JVM that starts picocli, parses the command
 * line and prints a version. Started with the same JVM flags as scripts/logto.
 */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "hello 0.1.0",
    description = "Prints a greeting.")
public final class Hello implements Callable<Integer> {
  @Option(names = "--name", description = "Whom to greet.")
  String name = "world";

  @Override
  public Integer call() {
    System.out.println("Hello, " + name + "!");
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Hello()).execute(args));
  }
}
