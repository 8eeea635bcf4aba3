package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hazards {@code check} measures, on the fixture histories of src/test/resources/fixtures/hazards:
 * each starts from the same 1.0.0 (teams, users, audit, the enum user_status, the function
 * user_label: the one {@code 1.0.0-1700000000-init.sql} of that folder, which {@link #history} puts
 * under each fixture's own scripts) and changes it in 1.1.0 one way, hazardous or safe. Scratch
 * databases on the test server.
 */
class HazardsCheckTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/hazards").toAbsolutePath();
  private static final String INIT = "1.0.0-1700000000-init.sql";
  private static TestDatabase server;

  @TempDir
  static Path histories;

  @BeforeAll
  static void server() {
    server = TestPostgres.createDatabase();
  }

  @AfterAll
  static void dropServer() {
    server.close();
  }

  /** The fixture's scripts and the shared 1.0.0 below them, in a folder of their own. */
  private static Path history(String fixture) {
    Path dir = histories.resolve(fixture);
    try {
      if (Files.notExists(dir)) {
        Files.createDirectories(dir);
        Files.copy(FIXTURES.resolve(INIT), dir.resolve(INIT));
        try (var scripts = Files.list(FIXTURES.resolve(fixture))) {
          for (Path script : scripts.toList()) {
            Files.copy(script, dir.resolve(script.getFileName()));
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CliRunner.Result check(String fixture, String... options) {
    List<String> args = new ArrayList<>(List.of("db", "alt", "check", "--alterations",
        history(fixture).toString(), "--scratch-url", server.url()));
    args.addAll(Arrays.asList(options));
    return new CliRunner().run(args.toArray(String[]::new));
  }

  private static JsonNode json(String fixture, String... options) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(options));
    args.add("--json");
    CliRunner.Result result = check(fixture, args.toArray(String[]::new));
    return new ObjectMapper().readTree(result.out());
  }

  /** {@code kind object} of every finding no comment accepts. */
  private static List<String> unaccepted(JsonNode json) {
    List<String> found = new ArrayList<>();
    json.get("hazards").forEach(h -> {
      if (h.get("accepted").isNull()) {
        found.add(h.get("kind").asText() + " " + h.get("object").asText());
      }
    });
    return found;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "index-build              | index-build users",
      "rewrite-type             | rewrite users",
      "rewrite-volatile-default | rewrite users",
      "check-constraint         | validation-scan users",
      "foreign-key              | validation-scan users",
      "set-not-null             | validation-scan users",
      "long-lock                | long-lock users",
      "validate-in-same-alteration | validation-scan users",
  })
  void aLockHazardIsMeasuredAndFailsTheCheck(String fixture, String expected) throws Exception {
    JsonNode json = json(fixture);
    assertThat(unaccepted(json)).contains(expected);
    assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(4);
    JsonNode hazard = first(json, expected);
    assertThat(hazard.get("file").asText()).startsWith("1.1.0-");
    assertThat(hazard.get("line").asInt()).isGreaterThan(1);
    assertThat(hazard.get("statement").asText()).doesNotContain("\n")
        .satisfiesAnyOf(s -> assertThat(s).startsWith("alter table users"), s -> assertThat(s).startsWith("create"));
    assertThat(hazard.get("why").asText()).isNotBlank();
    assertThat(hazard.get("fix").asText()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} is not reported")
  @CsvSource({"index-concurrently", "constant-default", "not-valid-then-validate", "foreign-key-not-valid",
      "set-not-null-after-check",
      "lock-last", "same-alteration", "widened-type", "not-null-with-default", "added-overload", "kept-label"})
  void aSafeFormIsNotReportedAsALockHazard(String fixture) throws Exception {
    JsonNode json = json(fixture);
    List<String> kinds = new ArrayList<>();
    json.get("hazards").forEach(h -> kinds.add(h.get("kind").asText()));
    assertThat(kinds).as(json.toPrettyString())
        .doesNotContain("index-build", "rewrite", "validation-scan", "long-lock");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "dropped-table    | dropped-table audit",
      "renamed-column   | dropped-column users.name",
      "not-null-column  | not-null users.age",
      "narrowed-type    | narrowed-type users.name",
      "new-unique       | new-constraint teams.teams__name",
      "check-constraint | new-constraint users.users__age",
      "removed-label    | removed-label user_status.banned",
      "changed-function | changed-function user_label",
  })
  void aCompatibilityBreakNamesTheObjectAndTheInstancesAffected(String fixture, String expected) throws Exception {
    JsonNode json = json(fixture);
    assertThat(unaccepted(json)).contains(expected);
    JsonNode hazard = first(json, expected);
    assertThat(hazard.get("version").asText()).isEqualTo("1.1.0");
    assertThat(hazard.get("fact").asText()).contains("instances still running 1.0.0");
    assertThat(hazard.get("fix").asText()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} breaks nothing")
  @CsvSource({"not-null-with-default", "widened-type", "added-overload", "kept-label", "index-concurrently",
      "constant-default", "lock-last", "same-alteration", "renamed-column-expand-contract"})
  void anExpandedFormBreaksNothing(String fixture) throws Exception {
    JsonNode json = json(fixture);
    assertThat(unaccepted(json)).as(json.toPrettyString()).isEmpty();
    assertThat(json.get("success").asBoolean()).isTrue();
  }

  @Test
  void theInsertWithoutDisplayNameIsNamed() throws Exception {
    JsonNode json = json("not-null-column");
    assertThat(first(json, "not-null users.age").get("fact").asText())
        .isEqualTo("column users.age becomes NOT NULL without a default: instances still running 1.0.0 insert into"
            + " users without age");
  }

  @Test
  void theContractStepOfExpandContractIsAcceptedWithItsReason() throws Exception {
    JsonNode json = json("renamed-column-expand-contract");
    JsonNode drop = first(json, "dropped-column users.name");
    assertThat(drop.get("version").asText()).isEqualTo("1.2.0");
    assertThat(drop.get("accepted").asText()).isEqualTo("1.1.0 reads and writes display_name only (the expand step)");
  }

  @Test
  void anAcceptanceAcceptsOneFindingOnly() throws Exception {
    // accept-one: a long-held lock on users (accepted) and an index build on users under it (not accepted)
    JsonNode json = json("accept-one");
    assertThat(first(json, "long-lock users").get("accepted").asText())
        .isEqualTo("users holds a few hundred rows in every deployment");
    assertThat(unaccepted(json)).containsExactly("index-build users");
    assertThat(json.get("hazardCounts").get("found").asInt()).isEqualTo(2);
    assertThat(json.get("hazardCounts").get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("hazardCounts").get("unaccepted").asInt()).isEqualTo(1);
    assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(4);
  }

  @Test
  void staleMalformedAndReasonlessAcceptancesAreFindings() throws Exception {
    JsonNode json = json("accept-stale");
    assertThat(unaccepted(json)).containsExactly("acceptance users", "acceptance audit", "acceptance users");
    List<String> facts = new ArrayList<>();
    json.get("hazards").forEach(h -> facts.add(h.get("fact").asText()));
    assertThat(facts).anySatisfy(f -> assertThat(f).contains("accepts nothing: no rewrite finding on users"))
        .anySatisfy(f -> assertThat(f).contains("gives no reason"))
        .anySatisfy(f -> assertThat(f).contains("'-- logto:accept rewriting users' names no kind of finding"));
  }

  @Test
  void theTextReportGroupsHazardsByScriptWithWhyAndFixAndASummary() {
    CliRunner.Result result = check("long-lock");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.out()).contains("hazards of 1.1.0-1700100000-add-nickname.sql:\n"
        + "  line 2: long-lock users: took ACCESS EXCLUSIVE on users and held it while the statement at line 3 did"
        + " work\n    statement: alter table users add column nickname text\n    why: ")
        .contains("[info] Hazards: 1 finding, 0 accepted, 1 not accepted");
    assertThat(result.err()).contains("[error] The alteration history is sound but has 1 unaccepted hazard");
  }

  @Test
  void verboseShowsWhatWasObservedForEachStatement() {
    CliRunner.Result result = new CliRunner().run("--verbose", "db", "alt", "check", "--alterations",
        history("long-lock").toString(), "--scratch-url", server.url(), "--hazards", "warn");
    assertThat(result.out())
        .contains("observed 1.1.0-1700100000-add-nickname.sql:2 alter table users add column nickname text: took"
            + " ACCESS EXCLUSIVE on users")
        .containsPattern("observed 1\\.1\\.0-1700100000-add-nickname\\.sql:3 update users set nickname = name: .*\\d+"
            + " rows read or written");
  }

  @Test
  void aScriptThatFailsOnTheMadeUpRowsStopsTheAnalysisWithANoteNotTheCheck() {
    CliRunner.Result result = check("analysis-stops", "--hazards", "warn");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("the analysis stopped at 1.1.0-1700100000-only-one-name.sql, which failed on the"
        + " analysis database: ").contains("(the round trip reports it if it fails there too)")
        .contains("[info] The alteration history is sound");
  }

  @Test
  void warnReportsWithoutFailingAndOffDoesNotAnalyse() {
    CliRunner.Result warn = check("long-lock", "--hazards", "warn");
    assertThat(warn.exitCode()).as(warn.toString()).isZero();
    assertThat(warn.out()).contains("long-lock users").contains("--hazards warn: reported without failing");
    CliRunner.Result off = check("long-lock", "--hazards", "off");
    assertThat(off.exitCode()).as(off.toString()).isZero();
    assertThat(off.out()).doesNotContain("long-lock").doesNotContain("Hazards:");
    CliRunner.Result bad = check("long-lock", "--hazards", "maybe");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'maybe' is not fail, warn or off");
  }

  @Test
  void theJsonShapeOfAHazard() throws Exception {
    JsonNode hazard = first(json("index-build"), "index-build users");
    assertThat(hazard.get("kind").asText()).isEqualTo("index-build");
    assertThat(hazard.get("object").asText()).isEqualTo("users");
    assertThat(hazard.get("version").asText()).isEqualTo("1.1.0");
    assertThat(hazard.get("file").asText()).isEqualTo("1.1.0-1700100000-index-users-name.sql");
    assertThat(hazard.get("line").asInt()).isEqualTo(2);
    assertThat(hazard.get("statement").asText()).isEqualTo("create index users__name on users (name);"
        .replace(";", ""));
    assertThat(hazard.get("fact").asText())
        .isEqualTo("built an index on users under SHARE (stops inserts, updates and deletes)");
    assertThat(hazard.get("lock").asText()).isEqualTo("SHARE");
    assertThat(hazard.get("why").asText()).contains("without CONCURRENTLY");
    assertThat(hazard.get("fix").asText()).contains("create index concurrently");
    assertThat(hazard.get("accepted").isNull()).isTrue();
    assertThat(hazard.get("size").isNull()).isTrue();
  }

  private static JsonNode first(JsonNode json, String kindAndObject) {
    for (JsonNode h : json.get("hazards")) {
      if ((h.get("kind").asText() + " " + h.get("object").asText()).equals(kindAndObject)) {
        return h;
      }
    }
    throw new AssertionError("no " + kindAndObject + " in " + json.toPrettyString());
  }
}
