package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlSplitterTest {

  private static List<String> texts(String sql) {
    return SqlSplitter.split(sql).stream().map(SqlStatement::sql).toList();
  }

  /** Every statement's offset points at its text in the input. */
  private static List<SqlStatement> splitChecked(String sql) {
    List<SqlStatement> statements = SqlSplitter.split(sql);
    for (SqlStatement s : statements) {
      assertThat(sql.startsWith(s.sql(), s.offset()))
          .as("statement %s at offset %d", s.sql(), s.offset()).isTrue();
    }
    return statements;
  }

  @Test
  void splitsOnTopLevelSemicolons() {
    assertThat(texts("create table a (id int);\ninsert into a values (1);\n  select 1"))
        .containsExactly("create table a (id int)", "insert into a values (1)", "select 1");
  }

  @Test
  void emptyStatementsAndBlankInputYieldNothing() {
    assertThat(SqlSplitter.split("")).isEmpty();
    assertThat(SqlSplitter.split(" \n\t ")).isEmpty();
    assertThat(SqlSplitter.split(";;\n ;")).isEmpty();
    assertThat(texts("select 1;;;select 2;")).containsExactly("select 1", "select 2");
  }

  @Test
  void commentOnlyInputYieldsNoStatements() {
    assertThat(SqlSplitter.split("-- a; b\n/* c; 'd */\n-- e")).isEmpty();
    assertThat(texts("select 1; -- trailing; 'comment\n/* tail */")).containsExactly("select 1");
  }

  @Test
  void keepsSemicolonsInSingleQuotedStringsWithDoubledQuotes() {
    assertThat(texts("insert into t values ('a;b', 'it''s; fine');select ';'"))
        .containsExactly("insert into t values ('a;b', 'it''s; fine')", "select ';'");
    assertThat(texts("select '';select ''''")).containsExactly("select ''", "select ''''");
  }

  @Test
  void backslashIsLiteralInStandardStrings() {
    assertThat(texts("select 'a\\';select 2")).containsExactly("select 'a\\'", "select 2");
  }

  @Test
  void eStringsUseBackslashEscapes() {
    assertThat(texts("select E'it\\'s;';select 2")).containsExactly("select E'it\\'s;'", "select 2");
    assertThat(texts("select e'\\\\';select 2")).containsExactly("select e'\\\\'", "select 2");
    assertThat(texts("select e'a''b;c';select 2")).containsExactly("select e'a''b;c'", "select 2");
  }

  @Test
  void identifierEndingInEIsNotAnEString() {
    // "type'x'" is not E'...': the backslash is a literal and the string ends at the second quote
    assertThat(texts("select some_type'a\\';select 2")).containsExactly("select some_type'a\\'", "select 2");
  }

  @Test
  void keepsSemicolonsInQuotedIdentifiers() {
    assertThat(texts("create table \"a;b\" (\"x\"\"; y\" int);select 1"))
        .containsExactly("create table \"a;b\" (\"x\"\"; y\" int)", "select 1");
  }

  @Test
  void keepsSemicolonsInDollarQuotes() {
    String fn = "create function f() returns int as $$ begin; return 1; end; $$ language plpgsql";
    assertThat(texts(fn + ";select 1")).containsExactly(fn, "select 1");
  }

  @Test
  void taggedDollarQuotesMayContainPlainDollarQuotes() {
    String fn = "do $body$ begin execute $$ select ';' $$; perform 1; end $body$";
    assertThat(texts(fn + ";\nselect 2;")).containsExactly(fn, "select 2");
    String underscore = "select $_$ ; $_$, $a1$;$a1$";
    assertThat(texts(underscore + ";select 3")).containsExactly(underscore, "select 3");
  }

  @Test
  void differentTagDoesNotCloseDollarQuote() {
    String sql = "select $a$ $b$ ; $a$";
    assertThat(texts(sql + ";x")).containsExactly(sql, "x");
  }

  @Test
  void lineCommentsMayHoldSemicolonsAndQuotes() {
    assertThat(texts("select 1 -- it's; a \"comment $$\n+ 1;select 2"))
        .containsExactly("select 1 -- it's; a \"comment $$\n+ 1", "select 2");
  }

  @Test
  void blockCommentsNest() {
    assertThat(texts("select /* a /* b; */ still; comment ' */ 1;select 2"))
        .containsExactly("select /* a /* b; */ still; comment ' */ 1", "select 2");
  }

  @Test
  void commentMarkersInsideStringsAreText() {
    assertThat(texts("select '--', '/*';select 2")).containsExactly("select '--', '/*'", "select 2");
  }

  @Test
  void beginAtomicBodyIsOneStatement() {
    String fn = "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
        + "  INSERT INTO log VALUES (a);\n  SELECT a + b;\nEND";
    assertThat(texts(fn + ";\nselect 1;")).containsExactly(fn, "select 1");
  }

  @Test
  void beginAtomicWithCaseEndAndCreateOrReplaceProcedure() {
    String proc = "create or replace procedure p() language sql begin atomic\n"
        + "  select case when true then 1 else 2 end;\n  select 2;\nend";
    assertThat(texts(proc + ";select 3")).containsExactly(proc, "select 3");
  }

  @Test
  void beginAtomicWithoutFinalSemicolonEndsAtEndOfInput() {
    String fn = "create function f() returns int begin atomic select 1; end";
    assertThat(texts(fn)).containsExactly(fn);
  }

  @Test
  void beginOutsideRoutinesIsAPlainStatement() {
    assertThat(texts("begin;\nselect 1;\ncommit;")).containsExactly("begin", "select 1", "commit");
    assertThat(texts("do $$ begin perform 1; end $$;select 2")).containsExactly("do $$ begin perform 1; end $$", "select 2");
  }

  @Test
  void routineStateResetsBetweenStatements() {
    String fn = "create function f() returns int language sql begin atomic select 1; end";
    assertThat(texts(fn + ";select 'begin';begin;select 2")).containsExactly(fn, "select 'begin'", "begin", "select 2");
  }

  @Test
  void positionalParametersAndDollarIdentifiersAreNotDollarQuotes() {
    assertThat(texts("prepare p as select $1, $2;select a$b$c, x$$ from t;select 3"))
        .containsExactly("prepare p as select $1, $2", "select a$b$c, x$$ from t", "select 3");
  }

  @Test
  void offsetsPointAtFirstCharacterOfStatement() {
    String sql = "  -- header\n/* c */ select 1;\n\n  insert into t values (';');  -- done\n";
    List<SqlStatement> statements = splitChecked(sql);
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).offset()).isEqualTo(sql.indexOf("select"));
    assertThat(statements.get(0).sql()).isEqualTo("select 1");
    assertThat(statements.get(1).offset()).isEqualTo(sql.indexOf("insert"));
    assertThat(statements.get(1).sql()).isEqualTo("insert into t values (';');  -- done".substring(0, 26));
  }

  @Test
  void lastStatementKeepsTrailingCommentButNotTrailingWhitespace() {
    assertThat(texts("select 1 -- note\n\n")).containsExactly("select 1 -- note");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "select 1; select 'abc              | unterminated quoted string    | 17",
      "select 1; select E'abc\\'          | unterminated quoted string    | 18",
      "select \"abc                       | unterminated quoted identifier| 7",
      "select 1;\\nselect $x$ abc $y$     | unterminated dollar-quoted string $x$ | 17",
      "select $$ abc                      | unterminated dollar-quoted string $$  | 7",
      "select 1 /* a /* b */              | unterminated /* comment       | 9",
  })
  void unterminatedConstructsReportOffset(String sql, String message, int offset) {
    String input = sql.replace("\\n", "\n").strip();
    assertThatThrownBy(() -> SqlSplitter.split(input))
        .isInstanceOfSatisfying(SqlSplitter.SqlSplitException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(message.strip());
          assertThat(e.offset()).isEqualTo(offset);
        });
  }

  @Test
  void lineOfCountsNewlinesBeforeOffset() {
    String text = "a\nbc\n\nd";
    assertThat(SqlSplitter.lineOf(text, 0)).isEqualTo(1);
    assertThat(SqlSplitter.lineOf(text, 1)).isEqualTo(1); // the newline itself is on line 1
    assertThat(SqlSplitter.lineOf(text, 2)).isEqualTo(2);
    assertThat(SqlSplitter.lineOf(text, 5)).isEqualTo(3);
    assertThat(SqlSplitter.lineOf(text, 6)).isEqualTo(4);
    assertThat(SqlSplitter.lineOf(text, 100)).isEqualTo(4);
  }

  @Test
  void columnOfCountsFromLineStart() {
    String text = "ab\ncde\n\nf";
    assertThat(SqlSplitter.columnOf(text, 0)).isEqualTo(1);
    assertThat(SqlSplitter.columnOf(text, 1)).isEqualTo(2);
    assertThat(SqlSplitter.columnOf(text, 2)).isEqualTo(3); // the newline ending line 1
    assertThat(SqlSplitter.columnOf(text, 3)).isEqualTo(1);
    assertThat(SqlSplitter.columnOf(text, 5)).isEqualTo(3);
    assertThat(SqlSplitter.columnOf(text, 7)).isEqualTo(1);
    assertThat(SqlSplitter.columnOf(text, 8)).isEqualTo(1);
  }

  @Test
  void lineAndColumnOfAnErrorOffset() {
    String sql = "select 1;\n  select 'oops";
    SqlSplitter.SqlSplitException e = org.junit.jupiter.api.Assertions.assertThrows(
        SqlSplitter.SqlSplitException.class, () -> SqlSplitter.split(sql));
    assertThat(SqlSplitter.lineOf(sql, e.offset())).isEqualTo(2);
    assertThat(SqlSplitter.columnOf(sql, e.offset())).isEqualTo(10);
  }

  @Test
  void columnOfOffsetZeroIsOneEvenOnANewline() {
    assertThat(SqlSplitter.columnOf("\nabc", 0)).isEqualTo(1);
    assertThat(SqlSplitter.columnOf("\nabc", 1)).isEqualTo(1);
  }

  // ---- property: join then split gives back the statements ----

  @Provide
  Arbitrary<String> statements() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> text = Arbitraries.strings().withChars("ab ;'\"$-/*\\\n").ofMaxLength(8);
    Arbitrary<String> quoted = text.map(t -> "'" + t.replace("'", "''") + "'");
    Arbitrary<String> eString = text.map(t -> "E'" + t.replace("\\", "\\\\").replace("'", "\\'") + "'");
    Arbitrary<String> identifier = text.map(t -> "\"" + t.replace("\"", "\"\"") + "\"");
    Arbitrary<String> dollar = text.filter(t -> !t.contains("$")).map(t -> "$$" + t + "$$");
    Arbitrary<String> tagged = text.filter(t -> !t.contains("$q$")).map(t -> "$q$" + t + "$$" + "$q$");
    Arbitrary<String> lineComment = text.filter(t -> !t.contains("\n")).map(t -> "-- " + t + "\n");
    Arbitrary<String> blockComment = text.filter(t -> !t.contains("*/") && !t.contains("/*") && !t.endsWith("*") && !t.startsWith("/"))
        .map(t -> "/* " + t + " */");
    Arbitrary<String> param = Arbitraries.integers().between(1, 9).map(i -> "$" + i);
    Arbitrary<String> token = Arbitraries.oneOf(word, quoted, eString, identifier, dollar, tagged, lineComment,
        blockComment, param, Arbitraries.of("(", ")", ",", "+", "1", "a$b"));
    Arbitrary<List<String>> rest = token.list().ofMaxSize(6);
    return Combinators.combine(word, rest).as((first, tokens) -> {
      StringBuilder sb = new StringBuilder(first);
      for (String t : tokens) {
        sb.append(' ').append(t);
      }
      // a statement never ends in a line comment (that would swallow the ';') nor in blanks
      String s = sb.toString();
      return s.endsWith("\n") ? s + "x" : s;
    });
  }

  @Property
  void joiningAndSplittingRoundTrips(@ForAll("statementLists") List<String> statements) {
    String sql = String.join(";\n", statements);
    List<SqlStatement> split = splitChecked(sql);
    assertThat(split).extracting(SqlStatement::sql).containsExactlyElementsOf(statements);
    int expectedOffset = 0;
    for (int i = 0; i < statements.size(); i++) {
      assertThat(split.get(i).offset()).isEqualTo(expectedOffset);
      expectedOffset += statements.get(i).length() + 2;
    }
  }

  @Provide
  Arbitrary<List<String>> statementLists() {
    return statements().list().ofMaxSize(6);
  }

  @Property
  void trailingSemicolonAndCommentsDoNotChangeTheResult(@ForAll("statementLists") List<String> statements) {
    String sql = "-- leading; comment\n/* block; ' */\n" + String.join(";\n", statements) + ";\n-- end;\n";
    assertThat(SqlSplitter.split(sql)).extracting(SqlStatement::sql).containsExactlyElementsOf(statements);
  }
}
