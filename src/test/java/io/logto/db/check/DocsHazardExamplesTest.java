package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.Fixtures;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failing and fixed example of every hazard in docs/check.md, read from the document's
 * {@code ```sql base}, {@code ```sql failing KIND [VARIANT]} and {@code ```sql fixed KIND [VARIANT]}
 * blocks and run through {@code check}, so the document stays true: each failing example is
 * reported with its kind, each fixed one (its blocks are scripts in order) leaves no unaccepted finding.
 */
class DocsHazardExamplesTest {
  private static final Path DOC = Path.of("docs/check.md");
  private static final Pattern BLOCK = Pattern.compile("(?m)^```sql (base|failing|fixed)([^\\n]*)\\n(.*?)^```$",
      Pattern.DOTALL);
  private static TestDatabase server;

  /** One example: the hazard kind it shows, its failing script and its fixed scripts. */
  record Example(String name, String kind, List<String> failing, List<String> fixed) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void server() {
    server = TestPostgres.createDatabase();
  }

  @AfterAll
  static void dropServer() {
    server.close();
  }

  static String base() throws IOException {
    Matcher m = BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      if (m.group(1).equals("base")) {
        return m.group(3);
      }
    }
    throw new AssertionError("docs/check.md has no ```sql base block");
  }

  static Stream<Example> examples() throws IOException {
    Map<String, Example> examples = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      if (m.group(1).equals("base")) {
        continue;
      }
      String name = m.group(2).strip();
      Example example = examples.computeIfAbsent(name, n -> new Example(n, n.split(" ")[0], new ArrayList<>(),
          new ArrayList<>()));
      (m.group(1).equals("failing") ? example.failing() : example.fixed()).add(m.group(3));
    }
    return examples.values().stream();
  }

  @Test
  void everyKindOfHazardHasAnExample() throws IOException {
    List<String> kinds = examples().map(Example::kind).distinct().toList();
    assertThat(kinds).containsExactlyInAnyOrder("index-build", "rewrite", "validation-scan", "long-lock",
        "dropped-column", "dropped-table", "not-null", "narrowed-type", "new-constraint", "removed-label",
        "changed-function");
    assertThat(examples()).allSatisfy(e -> {
      assertThat(e.failing()).as(e.name()).hasSize(1);
      assertThat(e.fixed()).as(e.name()).isNotEmpty();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theFailingExampleIsReportedAndTheFixedOneIsClean(Example example, @TempDir Path dir) throws Exception {
    Path failing = history(dir.resolve("failing"), example.failing());
    JsonNode reported = check(failing);
    List<String> kinds = new ArrayList<>();
    reported.get("hazards").forEach(h -> {
      if (h.get("accepted").isNull()) {
        kinds.add(h.get("kind").asText());
      }
    });
    assertThat(kinds).as(reported.toPrettyString()).contains(example.kind());

    JsonNode fixed = check(history(dir.resolve("fixed"), example.fixed()));
    List<String> left = new ArrayList<>();
    fixed.get("hazards").forEach(h -> {
      if (h.get("accepted").isNull()) {
        left.add(h.get("kind").asText() + " " + h.get("object").asText() + ": " + h.get("fact").asText());
      }
    });
    assertThat(left).as(fixed.toPrettyString()).isEmpty();
    assertThat(fixed.get("success").asBoolean()).as(fixed.toPrettyString()).isTrue();
  }

  private static Path history(Path dir, List<String> scripts) throws IOException {
    Files.createDirectories(dir);
    Fixtures.write(dir, "1.0.0-1700000000-base.sql", base());
    for (int i = 0; i < scripts.size(); i++) {
      Fixtures.write(dir, "1.1.0-17001000" + (10 + i) + "-example.sql", scripts.get(i));
    }
    return dir;
  }

  private static JsonNode check(Path history) throws IOException {
    CliRunner.Result result = new CliRunner().run("db", "alt", "check", "--alterations", history.toString(),
        "--scratch-url", server.url(), "--json");
    return new ObjectMapper().readTree(result.out());
  }
}
