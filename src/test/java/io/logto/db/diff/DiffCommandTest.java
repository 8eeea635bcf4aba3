package io.logto.db.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.db.testing.CliRunner;
import io.logto.db.testing.ScratchDatabases;
import io.logto.db.testing.TestDatabase;
import io.logto.db.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code logto db alteration diff FROM [TO]} on the history of src/test/resources/fixtures/diff/history,
 * whose 1.1.0 adds one object of each kind, 1.2.0 changes each, 1.3.0 removes each and 1.4.0 is
 * irreversible; scratch databases on the test server, given by --scratch-url.
 */
class DiffCommandTest {
  static final Path HISTORY = Path.of("src/test/resources/fixtures/diff/history").toAbsolutePath();
  private static TestDatabase server;
  private static ScratchDatabases scratch;

  @BeforeAll
  static void server() throws SQLException {
    server = TestPostgres.createDatabase();
    scratch = ScratchDatabases.before();
  }

  @AfterAll
  static void dropServer() throws SQLException, InterruptedException {
    server.close();
    scratch.assertNoneLeftBehind("diff");
  }

  private static CliRunner.Result diff(String... args) {
    List<String> all = new ArrayList<>(List.of("db", "alt", "diff"));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--alterations", HISTORY.toString(), "--scratch-url", server.url()));
    return new CliRunner().run(all.toArray(String[]::new));
  }

  /** Stdout without the [info] lines. */
  private static List<String> report(CliRunner.Result result) {
    return Stream.of(result.out().split("\n")).filter(l -> !l.startsWith("[info]")).toList();
  }

  @Test
  void anUpgradeThatAddsOneObjectOfEachKind() {
    CliRunner.Result result = diff("1.0.0", "1.1.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(report(result)).containsExactly(
        "Schema changes from 1.0.0 up to 1.1.0: 1 alteration in 1 version deployed, 10 changes (10 added,"
            + " 0 removed, 0 changed)",
        "",
        "Alterations deployed",
        "  1.1.0  1.1.0-1700100000-add-one-of-each.sql",
        "",
        "Tables",
        "  added    table teams  (1.1.0)",
        "",
        "Columns",
        "  added    table users: column locale (text)  (1.1.0)",
        "",
        "Constraints",
        "  added    table users: constraint users__name_length  (1.1.0)",
        "",
        "Indexes",
        "  added    index users__locale  (1.1.0)",
        "",
        "Types",
        "  added    enum type user_status  (1.1.0)",
        "",
        "Sequences",
        "  added    sequence ticket_numbers  (1.1.0)",
        "",
        "Views",
        "  added    view named_users  (1.1.0)",
        "",
        "Functions",
        "  added    function touch()  (1.1.0)",
        "",
        "Triggers",
        "  added    table users: trigger users__touch  (1.1.0)",
        "",
        "Policies",
        "  added    table users: policy users__visible  (1.1.0)");
    assertThat(result.out()).containsPattern("\\[info\\] Built on the server of .* \\(.*s\\)\n$");
  }

  @Test
  void anUpgradeThatChangesEachKindShowsOldAndNew() {
    CliRunner.Result result = diff("1.1.0", "1.2.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(report(result)).startsWith("Schema changes from 1.1.0 up to 1.2.0: 1 alteration in 1 version"
        + " deployed, 11 changes (1 added, 0 removed, 10 changed)").contains(
        "  changed  table teams: comment: none \u2192 Teams of users.  (1.2.0)",
        "  changed  table users: column name type: character varying(64) \u2192 text  (1.2.0)",
        "  changed  table users: constraint users__name_length definition: CHECK (length(name::text) < 100)"
            + " \u2192 CHECK (length(name) < 200)  (1.2.0)",
        "  changed  index users__locale: definition: CREATE INDEX users__locale ON public.users USING btree (locale)"
            + " \u2192 CREATE INDEX users__locale ON public.users USING btree (lower(locale))  (1.2.0)",
        "  changed  enum type user_status: comment: none \u2192 Whether a user may sign in.  (1.2.0)",
        "  changed  sequence ticket_numbers: increment: 1 \u2192 10  (1.2.0)",
        "  changed  function touch(): definition at line 6: return new; \u2192 new.name := trim(new.name);  (1.2.0)",
        "  changed  table users: trigger users__touch definition: CREATE TRIGGER users__touch BEFORE UPDATE ON users"
            + " FOR EACH ROW EXECUTE FUNCTION touch() \u2192 CREATE TRIGGER users__touch BEFORE INSERT OR UPDATE ON"
            + " users FOR EACH ROW EXECUTE FUNCTION touch()  (1.2.0)",
        "  changed  table users: policy users__visible definition: AS PERMISSIVE FOR SELECT TO public USING (true)"
            + " \u2192 AS PERMISSIVE FOR SELECT TO public USING ((id > 0))  (1.2.0)",
        "Grants",
        "  added    table teams: grant INSERT to PUBLIC  (1.2.0)");
    assertThat(report(result)).anyMatch(l -> l.startsWith("  changed  view named_users: definition at line"));
  }

  @Test
  void anUpgradeThatRemovesEachKind() {
    CliRunner.Result result = diff("1.2.0", "1.3.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(report(result).stream().filter(l -> l.startsWith("  ")).toList()).containsExactly(
        "  1.3.0  1.3.0-1700300000-remove-each.sql",
        "  removed  table teams  (1.3.0)",
        "  removed  table users: column locale (text)  (1.3.0)",
        "  removed  table users: constraint users__name_length  (1.3.0)",
        "  removed  index users__locale  (1.3.0)",
        "  removed  enum type user_status  (1.3.0)",
        "  removed  sequence ticket_numbers  (1.3.0)",
        "  removed  view named_users  (1.3.0)",
        "  removed  function touch()  (1.3.0)",
        "  removed  table users: trigger users__touch  (1.3.0)",
        "  removed  table users: policy users__visible  (1.3.0)");
  }

  @Test
  void aDowngradeShowsTheReverseAndWhichVersionRevertsWhat() {
    CliRunner.Result result = diff("1.3.0", "1.1.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> report = report(result);
    assertThat(report).startsWith("Schema changes from 1.3.0 down to 1.1.0: 2 alterations in 2 versions reverted,"
        + " 11 changes (10 added, 0 removed, 1 changed)", "", "Alterations reverted, newest first",
        "  1.3.0  1.3.0-1700300000-remove-each.sql", "  1.2.0  1.2.0-1700200000-change-each.sql");
    assertThat(report).contains("  added    table teams  (1.3.0, 1.2.0)",
        "  changed  table users: column name type: text \u2192 character varying(64)  (1.2.0)",
        "  added    table users: policy users__visible  (1.3.0)");
  }

  @Test
  void upAndDownAreMirrorImages() {
    List<String> up = report(diff("1.1.0", "1.2.0")).stream().filter(l -> l.startsWith("  changed")).toList();
    List<String> down = report(diff("1.2.0", "1.1.0")).stream().filter(l -> l.startsWith("  changed")).toList();
    assertThat(down).hasSameSizeAs(up);
    assertThat(down).contains("  changed  sequence ticket_numbers: increment: 10 \u2192 1  (1.2.0)",
        "  changed  table teams: comment: Teams of users. \u2192 none  (1.2.0)");
  }

  @Test
  void severalVersionsAtOnceNameTheVersionOfEachChange() {
    CliRunner.Result result = diff("0.0.0", "1.2.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(report(result)).contains("  1.0.0  1.0.0-1700000000-init-users.sql",
        "  1.1.0  1.1.0-1700100000-add-one-of-each.sql", "  1.2.0  1.2.0-1700200000-change-each.sql",
        "  added    table teams  (1.1.0, 1.2.0)", "  added    table users  (1.0.0, 1.1.0, 1.2.0)",
        "  added    index users__name  (1.0.0)", "  added    sequence ticket_numbers  (1.1.0, 1.2.0)");
  }

  @Test
  void jsonHasAStableShape() throws Exception {
    CliRunner.Result result = diff("1.1.0", "1.2.0", "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("success").asBoolean()).isTrue();
    assertThat(json.get("command").asText()).isEqualTo("diff");
    assertThat(json.get("mode").asText()).isEqualTo("upgrade");
    assertThat(json.get("from").asText()).isEqualTo("1.1.0");
    assertThat(json.get("to").asText()).isEqualTo("1.2.0");
    assertThat(json.get("versions")).hasSize(1);
    assertThat(json.get("versions").get(0).get("version").asText()).isEqualTo("1.2.0");
    assertThat(json.get("versions").get(0).get("alterations").get(0).get("script").asText())
        .isEqualTo("1.2.0-1700200000-change-each.sql");
    assertThat(json.get("counts").get("added").asInt()).isEqualTo(1);
    assertThat(json.get("counts").get("changed").asInt()).isEqualTo(10);
    assertThat(json.get("changes")).hasSize(11);
    JsonNode column = json.get("changes").get(1);
    assertThat(column.get("kind").asText()).isEqualTo("columns");
    assertThat(column.get("change").asText()).isEqualTo("changed");
    assertThat(column.get("object").asText()).isEqualTo("table users");
    assertThat(column.get("part").asText()).isEqualTo("column name type");
    assertThat(column.get("before").asText()).isEqualTo("character varying(64)");
    assertThat(column.get("after").asText()).isEqualTo("text");
    assertThat(column.get("versions").get(0).asText()).isEqualTo("1.2.0");
    assertThat(column.get("text").asText()).isEqualTo("table users: column name type: character varying(64) \u2192 text");
    JsonNode function = json.get("changes").get(7);
    assertThat(function.get("kind").asText()).isEqualTo("functions");
    assertThat(function.get("before").asText()).contains("return new;").doesNotContain("trim");
    assertThat(function.get("after").asText()).contains("new.name := trim(new.name);");
    JsonNode grant = json.get("changes").get(10);
    assertThat(grant.get("kind").asText()).isEqualTo("grants");
    assertThat(grant.get("change").asText()).isEqualTo("added");
    assertThat(grant.get("before").isNull()).isTrue();
    assertThat(json.get("builtOn").asText()).startsWith("the server of ");
    assertThat(result.err()).contains("Schema changes from 1.1.0 up to 1.2.0");
  }

  @Test
  void jsonOfADowngrade() throws Exception {
    CliRunner.Result result = diff("1.3.0", "1.2.0", "--json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("mode").asText()).isEqualTo("downgrade");
    assertThat(json.get("counts").get("added").asInt()).isEqualTo(10);
    assertThat(json.get("changes").get(0).get("text").asText()).isEqualTo("table teams");
    assertThat(json.get("changes").get(0).get("versions").get(0).asText()).isEqualTo("1.3.0");
  }

  @Test
  void markdownForAPullRequestComment() {
    CliRunner.Result result = diff("1.1.0", "1.2.0", "--format", "markdown");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("### Schema changes from 1.1.0 up to 1.2.0: 1 alteration in 1 version"
        + " deployed, 11 changes (1 added, 0 removed, 10 changed)\n\n| version | alterations deployed |\n|---|---|\n"
        + "| 1.2.0 | `1.2.0-1700200000-change-each.sql` |\n")
        .contains("\n#### Columns\n\n- **changed** `table users`: column name type: `character varying(64)` \u2192"
            + " `text` (1.2.0)\n")
        .contains("\n#### Grants\n\n- **added** `table teams`: grant INSERT to PUBLIC (1.2.0)\n")
        .doesNotContain("[info]");
    assertThat(result.err()).contains("[info] Built on the server of");
  }

  @Test
  void aDowngradeBelowAnIrreversibleScriptIsRefusedAsRollbackRefusesIt() {
    // a scratch server nobody listens on: the refusal comes before any scratch database is asked for
    CliRunner.Result result = new CliRunner().run("db", "alt", "diff", "1.4.0", "1.0.0", "--alterations",
        HISTORY.toString(), "--scratch-url", "postgres://nobody@127.0.0.1:1/none");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("[error] Cannot roll back to 1.0.0: alteration"
        + " 1.4.0-1700400000-drop-user-names.sql is declared irreversible ('-- alteration:irreversible'), so it"
        + " cannot be reverted. Nothing was changed. Roll back to 1.4.0 or above, or restore a backup.\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void theSameVersionTwiceChangesNothingAndBuildsNothing() {
    CliRunner.Result result = diff("v1.2.0", "1.2.0");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("1.2.0 and 1.2.0 are the same version: no schema change\n");
  }

  @Test
  void toDefaultsToTheNewestReleaseAndNextIsAVersion() {
    CliRunner.Result latest = diff("1.3.0");
    assertThat(latest.exitCode()).as(latest.toString()).isZero();
    assertThat(latest.out()).contains("Schema changes from 1.3.0 up to 1.4.0:")
        .contains("  removed  table users: column name (text)  (1.4.0)");
    CliRunner.Result next = diff("1.4.0", "next");
    assertThat(next.out()).contains("Schema changes from 1.4.0 up to next:").contains("  added    table audit  (next)");
  }

  @Test
  void versionsAndADatabaseAreNotAskedForTogether() {
    CliRunner.Result result = diff("1.0.0", "1.1.0", "--db-url", server.url());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("[error] diff compares either two versions or a database with its history");
  }

  @Test
  void withoutVersionsOrDatabaseThereIsNothingToCompare() {
    CliRunner.Result result = new CliRunner().run("db", "alt", "diff", "--alterations", HISTORY.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("[error] Nothing to compare: pass two versions");
  }

  @Test
  void aBadVersionIsAUsageError() {
    CliRunner.Result result = diff("1.x", "1.1.0");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("[error] Invalid target version '1.x'");
  }
}
