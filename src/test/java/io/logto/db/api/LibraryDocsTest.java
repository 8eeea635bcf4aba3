package io.logto.db.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The library's documentation shows the product that {@link EmbeddingIT} builds and runs: the
 * dependency snippet and the complete {@code App.java} of docs/operating.md, and the index step
 * of docs/writing-alterations.md, are those of {@code src/test/embedding}.
 */
class LibraryDocsTest {
  private static final Path PRODUCT = Path.of("src", "test", "embedding");
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theLibrarySectionShowsTheProductsAppAndDependency() throws IOException {
    String section = section(Path.of("docs", "operating.md"), "## The library API");
    List<String> java = blocks(section, "java");
    assertThat(java).as("java blocks of docs/operating.md's library section").hasSize(1);
    assertThat(java.get(0)).as("docs/operating.md's example must be src/test/embedding's App.java: change both")
        .isEqualTo(Files.readString(PRODUCT.resolve("src/main/java/com/example/inventory/App.java")));
    List<String> xml = blocks(section, "xml");
    assertThat(xml).hasSize(1);
    assertThat(xml.get(0)).contains("<version>" + projectVersion() + "</version>");
    assertContainedIn(xml.get(0), PRODUCT.resolve("pom.xml"));
  }

  @Test
  void theIndexStepForProductsIsTheProductsPlugin() throws IOException {
    String section = section(Path.of("docs", "writing-alterations.md"), "## Where alterations live");
    List<String> plugins = blocks(section, "xml").stream().filter(b -> b.contains("WriteAlterationIndex")).toList();
    assertThat(plugins).as("the exec-maven-plugin block of docs/writing-alterations.md").hasSize(1);
    assertContainedIn(plugins.get(0), PRODUCT.resolve("pom.xml"));
  }

  /** {@code snippet}'s lines appear, in a row, in {@code file} (indentation aside). */
  private static void assertContainedIn(String snippet, Path file) throws IOException {
    assertThat(String.join("\n", stripped(Files.readString(file))))
        .as("%s must hold the documented snippet (indentation aside): change both", file)
        .contains(String.join("\n", stripped(snippet)));
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).toList();
  }

  private static String projectVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>logto-db</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The text from {@code heading} to the next heading of the same level. */
  private static String section(Path markdown, String heading) throws IOException {
    String text = Files.readString(markdown);
    int start = text.indexOf("\n" + heading + "\n");
    assertThat(start).as("%s in %s", heading, markdown).isNotNegative();
    int end = text.indexOf("\n## ", start + heading.length() + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static List<String> blocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        blocks.add(m.group(2));
      }
    }
    return blocks;
  }
}
