package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Section;
import org.assertj.core.api.AbstractThrowableAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SectionParserTest {
  private static final String FILE = "1.0.0-1700000000-x.sql";

  private static SectionParser.Sections parse(String content) {
    return SectionParser.parse(FILE, content);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String content) {
    return assertThatThrownBy(() -> parse(content))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageStartingWith("Alteration " + FILE + " is invalid: ")
        .hasMessageContaining("Fix: ");
  }

  @Test
  void upAndDown() {
    SectionParser.Sections s = parse("-- alteration:up\ncreate table a (id int);\n-- alteration:down\ndrop table a;\n");
    assertThat(s.up().sql()).isEqualTo("create table a (id int);\n");
    assertThat(s.up().firstLine()).isEqualTo(2);
    assertThat(s.down()).contains(new Section("drop table a;\n", 4));
    assertThat(s.beforeUp()).isEmpty();
    assertThat(s.beforeDown()).isEmpty();
  }

  @Test
  void upOnlyHasNoDown() {
    SectionParser.Sections s = parse("-- alteration:up\nselect 1;\n");
    assertThat(s.up().sql()).isEqualTo("select 1;\n");
    assertThat(s.down()).isEmpty();
  }

  @Test
  void downBeforeUpIsAllowed() {
    SectionParser.Sections s = parse("-- alteration:down\ndrop table a;\n-- alteration:up\ncreate table a ();\n");
    assertThat(s.up()).isEqualTo(new Section("create table a ();\n", 4));
    assertThat(s.down()).contains(new Section("drop table a;\n", 2));
  }

  @Test
  void emptyDownSectionIsPresentButBlank() {
    SectionParser.Sections s = parse("-- alteration:up\nselect 1;\n-- alteration:down\n-- nothing to undo\n");
    assertThat(s.down()).isPresent();
    assertThat(SqlSplitter.split(s.down().orElseThrow().sql())).isEmpty();
  }

  @Test
  void markerAtEndOfFileWithoutNewlineGivesEmptySection() {
    SectionParser.Sections s = parse("-- alteration:up\nselect 1;\n-- alteration:down");
    assertThat(s.down()).contains(new Section("", 4));
  }

  @Test
  void downOnlyIsAnError() {
    assertInvalid("-- alteration:down\ndrop table a;\n").hasMessageContaining("no '-- alteration:up' section");
  }

  @Test
  void emptyFileIsAnError() {
    assertInvalid("").hasMessageContaining("the file is empty");
    assertInvalid(" \n\n\t\n").hasMessageContaining("the file is empty");
    assertInvalid("\uFEFF\r\n").hasMessageContaining("the file is empty");
  }

  @Test
  void noMarkerIsAnError() {
    assertInvalid("create table a ();\n").hasMessageContaining("no '-- alteration:up' marker line");
    assertInvalid("-- just a comment\n").hasMessageContaining("no '-- alteration:up' marker line");
    // a marker must be alone on its line
    assertInvalid("select 1; -- alteration:up\n").hasMessageContaining("no '-- alteration:up' marker line");
  }

  @Test
  void sqlBeforeFirstMarkerIsAnError() {
    assertInvalid("select 1;\n-- alteration:up\nselect 2;\n")
        .hasMessageContaining("SQL before its first '-- alteration:' marker line");
  }

  @Test
  void commentsBeforeFirstMarkerAreAllowed() {
    SectionParser.Sections s = parse("-- Adds table a.\n/* multi\n   line */\n\n-- alteration:up\nselect 1;\n");
    assertThat(s.up()).isEqualTo(new Section("select 1;\n", 6));
  }

  @Test
  void duplicateSectionIsAnError() {
    assertInvalid("-- alteration:up\nselect 1;\n-- alteration:up\nselect 2;\n")
        .hasMessageContaining("'-- alteration:up' appears twice (again at line 3)");
    assertInvalid("-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n-- alteration:down\nselect 3;\n")
        .hasMessageContaining("'-- alteration:down' appears twice (again at line 5)");
    assertInvalid("-- alteration:down\nselect 2;\n-- alteration:up\nselect 1;\n-- alteration:down\nselect 3;\n")
        .hasMessageContaining("'-- alteration:down' appears twice (again at line 5)");
  }

  @Test
  void unknownMarkerIsAnError() {
    assertInvalid("-- alteration:up\nselect 1;\n-- alteration:sideways\nselect 2;\n")
        .hasMessageContaining("line 3 has an unknown marker '-- alteration:sideways'");
    assertInvalid("-- alteration:\nselect 1;\n").hasMessageContaining("line 1 has an unknown marker");
  }

  @Test
  void markerIsCaseInsensitiveAndToleratesSpaces() {
    SectionParser.Sections s = parse("  --  alteration: UP \t\nselect 1;\n--alteration:Down\nselect 2;\n");
    assertThat(s.up()).isEqualTo(new Section("select 1;\n", 2));
    assertThat(s.down()).contains(new Section("select 2;\n", 4));
  }

  @Test
  void emptyUpSectionIsAnError() {
    assertInvalid("-- alteration:up\n\n-- alteration:down\ndrop table a;\n")
        .hasMessageContaining("'-- alteration:up' section is empty");
    assertInvalid("-- alteration:up\n-- only a comment\n/* and another */\n")
        .hasMessageContaining("'-- alteration:up' section is empty");
    assertInvalid("-- alteration:up").hasMessageContaining("'-- alteration:up' section is empty");
  }

  @Test
  void crlfAndBomAreNormalised() {
    SectionParser.Sections s = parse("\uFEFF-- alteration:up\r\nselect 1;\r\nselect 2;\r\n-- alteration:down\r\nselect 3;\r\n");
    assertThat(s.up()).isEqualTo(new Section("select 1;\nselect 2;\n", 2));
    assertThat(s.down()).contains(new Section("select 3;\n", 5));
  }

  @Test
  void bareCarriageReturnsAreNormalised() {
    SectionParser.Sections s = parse("-- alteration:up\rselect 1;\r-- alteration:down\rselect 2;\r");
    assertThat(s.up()).isEqualTo(new Section("select 1;\n", 2));
    assertThat(s.down()).contains(new Section("select 2;\n", 4));
  }

  @Test
  void normaliseDropsOnlyALeadingBom() {
    assertThat(SectionParser.normalise("\uFEFFa\r\nb\rc\n")).isEqualTo("a\nb\nc\n");
    assertThat(SectionParser.normalise("a\uFEFF")).isEqualTo("a\uFEFF");
    assertThat(SectionParser.normalise("")).isEmpty();
  }

  @Test
  void firstLineOfEachSectionIsTheLineAfterItsMarker() {
    String content = String.join("\n",
        "-- header comment",                 // 1
        "",                                  // 2
        "-- alteration:before-up",           // 3
        "create index concurrently i on a (x);", // 4
        "-- alteration:up",                  // 5
        "",                                  // 6
        "alter table a add column x int;",   // 7
        "-- alteration:before-down",         // 8
        "drop index concurrently i;",        // 9
        "-- alteration:down",                // 10
        "alter table a drop column x;",      // 11
        "");
    SectionParser.Sections s = parse(content);
    assertThat(s.beforeUp()).contains(new Section("create index concurrently i on a (x);\n", 4));
    assertThat(s.up()).isEqualTo(new Section("\nalter table a add column x int;\n", 6));
    assertThat(s.beforeDown()).contains(new Section("drop index concurrently i;\n", 9));
    assertThat(s.down()).contains(new Section("alter table a drop column x;\n", 11));
    // the recorded first line really is where the section's text starts in the file
    String[] lines = content.split("\n", -1);
    for (Section section : new Section[] {s.up(), s.down().orElseThrow(), s.beforeUp().orElseThrow(),
        s.beforeDown().orElseThrow()}) {
      String firstTextLine = section.sql().split("\n", -1)[0];
      assertThat(lines[section.firstLine() - 1]).isEqualTo(firstTextLine);
    }
  }

  @Test
  void beforeSectionsAloneDoNotReplaceUp() {
    assertInvalid("-- alteration:before-up\nselect 1;\n").hasMessageContaining("no '-- alteration:up' section");
  }

  @Test
  void duplicateBeforeSectionIsAnError() {
    assertInvalid("-- alteration:before-up\nselect 1;\n-- alteration:up\nselect 2;\n-- alteration:before-up\nselect 3;\n")
        .hasMessageContaining("'-- alteration:before-up' appears twice (again at line 5)");
  }

  @Test
  void unterminatedDollarQuoteNamesSectionAndLine() {
    String content = "-- alteration:up\nselect 1;\n\ncreate function f() returns int as $body$\n  select 1;\n"
        + "-- alteration:down\ndrop function f;\n";
    assertInvalid(content)
        .hasMessageContaining("'-- alteration:up' section has an unterminated dollar-quoted string $body$")
        .hasMessageContaining("starting at line 4")
        .hasMessageContaining("close it");
  }

  @Test
  void unterminatedQuoteInDownNamesLineOfTheFile() {
    String content = "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\nselect 'oops;\n";
    assertInvalid(content)
        .hasMessageContaining("'-- alteration:down' section has an unterminated quoted string")
        .hasMessageContaining("starting at line 5");
  }

  @Test
  void unterminatedCommentInBeforeDownIsReported() {
    String content = "-- alteration:up\nselect 1;\n-- alteration:before-down\n\n/* oops\n";
    assertInvalid(content)
        .hasMessageContaining("'-- alteration:before-down' section has an unterminated /* comment")
        .hasMessageContaining("starting at line 5");
  }

  @Test
  void unterminatedQuoteInUpIsReportedBeforeEmptiness() {
    // the quote swallows everything: the error is about the quote, not an empty section
    assertInvalid("-- alteration:up\n'\n").hasMessageContaining("unterminated quoted string starting at line 2");
  }

  @Test
  void unterminatedQuoteBeforeFirstMarkerIsAUsageError() {
    assertInvalid("/* licence header, never closed\n-- alteration:up\nselect 1;\n")
        .hasMessageContaining("unterminated /* comment");
    assertInvalid("'\n-- alteration:up\nselect 1;\n").hasMessageContaining("unterminated quoted string");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"commit", "COMMIT WORK", "begin", "Begin Transaction",
      "start transaction isolation level serializable", "end", "abort", "rollback", "rollback work",
      "prepare transaction 'x'", "-- done\ncommit", "/* done */ commit"})
  void transactionControlIsRefusedWithItsLine(String statement) {
    assertInvalid("-- alteration:up\ncreate table a (id int);\n" + statement + ";\n-- alteration:down\ndrop table a;\n")
        .hasMessageContaining("its '-- alteration:up' section has '")
        .hasMessageContaining("which would end logto's transaction")
        .hasMessageContaining("Fix: remove it");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"savepoint s", "rollback to savepoint s", "rollback to s",
      "rollback work to savepoint s", "release savepoint s", "create table ending (id int)", "commit_log_cleanup()",
      "create function f() returns int language plpgsql as $$ begin return 1; end $$"})
  void otherStatementsArePlain(String statement) {
    parse("-- alteration:up\nselect 1;\n" + statement + ";\n");
  }

  /** The pattern marker lines are written as (the parser matches them by hand, without a regular expression). */
  private static final Pattern MARKER =
      Pattern.compile("^[ \\t]*--[ \\t]*alteration:[ \\t]*([A-Za-z-]*)[ \\t]*$", Pattern.MULTILINE);

  /** The hand-written matcher finds exactly the lines the pattern finds, with the same bounds and word. */
  @Property(tries = 3000)
  void markersAgreeWithThePattern(@ForAll("scriptLike") String text) {
    List<String> expected = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      expected.add(m.start() + ".." + m.end() + ":" + m.group(1));
    }
    List<String> actual = new ArrayList<>();
    for (SectionParser.Marker marker = SectionParser.Marker.next(text, 0); marker != null;
        marker = SectionParser.Marker.next(text, marker.end())) {
      actual.add(marker.start() + ".." + marker.end() + ":" + marker.word());
    }
    assertThat(actual).as("%s", text).isEqualTo(expected);
  }

  /** Text near the marker grammar: its pieces, blanks, every line terminator and SQL around them. */
  @Provide
  Arbitrary<String> scriptLike() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("--", "-", "alteration:", "alteration", ":", "up", "down", "before-up", "Irreversible",
            "x1", " ", "\t", "  ", "\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029", "select 1;", "é"),
        Arbitraries.of("-- alteration:up", "--alteration:down\n", "  -- alteration: before-down \n",
            "\n-- alteration:up\n"));
    return piece.list().ofMinSize(0).ofMaxSize(14).map(list -> String.join("", list));
  }
}
