package io.logto.db.cli;

import io.logto.db.error.LogtoException;
import io.logto.db.script.AlterationIndex;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the build-time {@link AlterationIndex} of {@code DIR/alterations} to
 * {@code DIR/META-INF/logto/alterations.index}, where {@code DIR} becomes a jar (Maven's
 * {@code target/classes}). {@code mvn package} runs it for the scripts logto ships; a product that
 * ships its own scripts in its jar runs it the same way (docs/writing-alterations.md). A broken
 * script, or a DIR without alterations/, fails it with one line saying what is wrong and exit code 2;
 * success prints nothing.
 */
public final class WriteAlterationIndex {
  private WriteAlterationIndex() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("Usage: java -cp logto-db.jar " + WriteAlterationIndex.class.getName() + " DIR"
          + " (DIR holds alterations/ and becomes a jar, e.g. target/classes)");
      System.exit(ExitCodes.USAGE);
    }
    Path root = Path.of(args[0]);
    try {
      AlterationIndex.write(root); // silent when it works: a quiet build (mvn -q) prints errors only
    } catch (LogtoException e) {
      System.err.println(e.getMessage());
      System.exit(e.code().exitCode());
    } catch (IOException e) {
      System.err.println("Cannot write the alteration index in " + root + ": " + e.getMessage()
          + ". Check that the directory is writable.");
      System.exit(ExitCodes.FAILURE);
    }
  }
}
