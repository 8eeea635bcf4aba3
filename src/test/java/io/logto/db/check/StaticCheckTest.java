package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.logto.db.alteration.Alteration;
import io.logto.db.script.ScriptFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks that need no database, on in-memory files. */
class StaticCheckTest {
  private static final String SOUND = "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n";

  private static ScriptFile file(String name, String content) {
    return new ScriptFile(name, "memory:" + name, content);
  }

  private static StaticCheck.Result check(ScriptFile... files) {
    return StaticCheck.run(List.of(files), List.of(), List.of());
  }

  private static List<String> lines(StaticCheck.Result result) {
    return result.problems().stream().map(Problem::line).toList();
  }

  @Test
  void aSoundHistoryHasNoProblemsAndIsOrderedByTimestamp() {
    StaticCheck.Result result = check(file("1.1.0-200-b.sql", SOUND), file("1.0.0-100-a.sql", SOUND),
        file("next-300-c.sql", SOUND));
    assertThat(result.problems()).isEmpty();
    assertThat(result.deployable()).isTrue();
    assertThat(result.alterations()).extracting(Alteration::fileName)
        .containsExactly("1.0.0-100-a.sql", "1.1.0-200-b.sql", "next-300-c.sql");
  }

  @Test
  void listsEveryProblemInsteadOfStoppingAtTheFirst() {
    StaticCheck.Result result = check(
        file("1.0.0-100-a.sql", SOUND),
        file("1.0.1-100-same.sql", SOUND),
        file("1.1.0-17000000000-millis.sql", SOUND),
        file("1.2.0-300-empty.sql", "-- alteration:up\n-- nothing\n-- alteration:down\nselect 1;\n"),
        file("1.3.0-400-no-down.sql", "-- alteration:up\nselect 1;\n"));
    assertThat(lines(result)).containsExactly(
        "static check: 1.1.0-17000000000-millis.sql: its timestamp 17000000000 has 11 digits before the fraction,"
            + " but Unix seconds have at most 10 (milliseconds?). Use seconds, e.g. 1700000000",
        "static check: 1.2.0-300-empty.sql: its '-- alteration:up' section is empty. Fix: put the SQL that applies"
            + " the alteration after the '-- alteration:up' line",
        "static check: 1.3.0-400-no-down.sql: it has no '-- alteration:down' section. Add one that reverts the up"
            + " section, or, if it cannot be reverted, declare it with a line '-- alteration:irreversible'",
        "static check: 1.0.1-100-same.sql: it has the same timestamp 100 as 1.0.0-100-a.sql. Timestamps order"
            + " alterations and must be unique: give it a new one");
    assertThat(result.deployable()).isFalse();
  }

  @Test
  void namesTheWrongPartOfAFileName() {
    assertThat(StaticCheck.nameProblem("1.0.0-100-ok.sql")).isEmpty();
    assertThat(StaticCheck.nameProblem("1.0.0-rc.1-100-a.sql")).hasValueSatisfying(m -> assertThat(m)
        .startsWith("its version '1.0.0-rc.1' must be written with '_' instead of '-' in file names (1.0.0_rc.1)"));
    assertThat(StaticCheck.nameProblem("v1-100-a.sql"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("its version 'v1' is not a semantic version or next."));
    assertThat(StaticCheck.nameProblem("1.0.0-100-Add_Thing.sql")).hasValueSatisfying(m -> assertThat(m)
        .startsWith("its name part 'Add_Thing' must be lower-case words (a-z, 0-9) joined by '-'."));
    assertThat(StaticCheck.nameProblem("notes.txt"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("is not an alteration script (its name does not end in .sql)"));
    assertThat(StaticCheck.nameProblem("1.0.0_add.sql"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("its name does not match the pattern."));
  }

  @Test
  void aHigherVersionOlderThanALowerOneIsBlamed() {
    StaticCheck.Result result = check(file("1.0.0-100-a.sql", SOUND), file("1.1.0-300-b.sql", SOUND),
        file("1.2.0-200-c.sql", SOUND));
    assertThat(lines(result)).containsExactly("static check: 1.2.0-200-c.sql: its version 1.2.0 is above 1.1.0 but"
        + " it is older than 1.1.0-300-b.sql (timestamp 200 < 300): every script of a version must be newer than"
        + " all scripts of lower versions. Give it a timestamp above 300");
    assertThat(result.deployable()).isFalse();
  }

  @Test
  void nextScriptsMustBeNewest() {
    StaticCheck.Result result = check(file("1.0.0-100-a.sql", SOUND), file("next-150-b.sql", SOUND),
        file("1.1.0-200-c.sql", SOUND));
    assertThat(lines(result)).containsExactly("static check: next-150-b.sql: its version next is above 1.1.0 but it"
        + " is older than 1.1.0-200-c.sql (timestamp 150 < 200): unreleased (next) scripts must be newer than every"
        + " released one. Give it a timestamp above 200");
  }

  @Test
  void preReleasesAreVersionsBelowTheirRelease() {
    StaticCheck.Result result = check(file("1.0.0_rc.0-100-a.sql", SOUND), file("1.0.0-200-b.sql", SOUND),
        file("1.0.0_rc.1-300-c.sql", SOUND));
    assertThat(lines(result)).singleElement().asString().startsWith("static check: 1.0.0-200-b.sql: its version"
        + " 1.0.0 is above 1.0.0-rc.1 but it is older than 1.0.0_rc.1-300-c.sql");
  }

  @Test
  void sqlTheSplitterCannotSplitNamesTheLine() {
    StaticCheck.Result result = check(file("1.0.0-100-a.sql",
        "-- alteration:up\nselect 1;\nselect 'open;\n-- alteration:down\nselect 2;\n"));
    assertThat(lines(result)).containsExactly("static check: 1.0.0-100-a.sql: its '-- alteration:up' section has an"
        + " unterminated quoted string starting at line 3. Fix: close it");
  }

  @Test
  void anIrreversibleScriptNeedsNoDownButMarksTheFloor() {
    StaticCheck.Result result = check(file("1.0.0-100-a.sql", SOUND),
        file("1.1.0-200-b.sql", "-- alteration:up\nselect 1;\n-- alteration:irreversible\n-- data is lost\n"),
        file("1.2.0-300-c.sql", SOUND));
    assertThat(result.problems()).isEmpty();
    assertThat(result.newestIrreversible()).map(Alteration::fileName).contains("1.1.0-200-b.sql");
    assertThat(result.alterations().get(1).irreversible()).isTrue();
  }

  @Test
  void problemsMetWhileReadingAreKeptAndMakeTheHistoryUndeployable() {
    List<Problem> earlier = new ArrayList<>(List.of(new Problem(Problem.STATIC, "sub/", "is a directory")));
    StaticCheck.Result result = StaticCheck.run(List.of(file("1.0.0-100-a.sql", SOUND)), List.of(), earlier);
    assertThat(lines(result)).containsExactly("static check: sub/: is a directory");
    assertThat(result.deployable()).isFalse();
  }
}
