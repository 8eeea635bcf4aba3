package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.LogtoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@code BEGIN ATOMIC} is a routine body only where PostgreSQL's grammar puts one: the splitter
 * must not be fooled by names, parameters, types, strings and comments that look like keywords,
 * and a transaction-control statement after them is always its own statement, refused with its
 * line. The statements are generated with their boundaries known by construction.
 */
class RoutineBodyPropertiesTest {
  private static final String FILE = "1.0.0-1700000000-x.sql";

  /** A generated statement: its text, whether it ends a transaction, whether it holds a routine body. */
  record Stmt(String sql, boolean control, boolean body) {}

  private static List<String> texts(String sql) {
    return SqlSplitter.split(sql).stream().map(SqlStatement::sql).toList();
  }

  // ---- examples: the issue's case and its relatives ----

  @Test
  void aParameterNamedBeginIsNotABody() {
    String fn = "create function f(begin int) returns int language sql as 'select 1'";
    assertThat(texts(fn + ";\ncommit;\nselect 2")).containsExactly(fn, "commit", "select 2");
    assertThat(SqlSplitter.split(fn).get(0).beginAtomic()).isFalse();
  }

  @Test
  void aFunctionOrTypeNamedBeginIsNotABody() {
    for (String fn : List.of(
        "create function begin() returns int language sql as 'select 1'",
        "create or replace function s.begin(x int) returns int language sql as $$select 1$$",
        "create function f() returns begin language sql as 'select null::begin'",
        "create function f(x int default 1) returns setof begin language sql as 'select 1'",
        "create procedure atomic(begin int, atomic int) language sql as 'select 1'",
        "create function f() returns table (begin int, atomic int) language sql as 'select 1, 2'",
        "create function f() returns int set search_path = begin language sql as 'select 1'",
        "create function f() returns int language sql as 'begin atomic select 1; end'",
        "create function f() returns int language sql /* begin atomic */ as $$select 1$$",
        "create function f() returns int language sql -- begin atomic\n as $$select 1$$",
        "create function f() returns int language sql as $b$ begin atomic; end $b$")) {
      assertThat(texts(fn + ";commit")).as(fn).containsExactly(fn, "commit");
    }
  }

  @Test
  void aBodyMayHaveCommentsBetweenBeginAndAtomic() {
    for (String fn : List.of(
        "create function f() returns int language sql begin /* x; */ atomic select 1; end",
        "create function f() returns int language sql begin -- x;\n atomic select 1; end",
        "CREATE OR REPLACE PROCEDURE p(a int) LANGUAGE sql BEGIN ATOMIC insert into t values (a); END")) {
      List<SqlStatement> split = SqlSplitter.split(fn + ";commit");
      assertThat(split).extracting(SqlStatement::sql).as(fn).containsExactly(fn, "commit");
      assertThat(split.get(0).beginAtomic()).isTrue();
      assertThat(split.get(1).beginAtomic()).isFalse();
    }
  }

  @Test
  void endAndCaseAfterADotOrAsAreNamesButADecimalPointIsNot() {
    String fn = "create function f() returns numeric language sql begin atomic\n"
        + "  select t.end, t.case, 1 as end, 2 as case from t;\n"
        + "  select case when true then 1. end;\n"
        + "  select case when x then 1 else 2.5 end as case from t;\n"
        + "end";
    assertThat(texts(fn + ";\ncommit;")).containsExactly(fn, "commit");
  }

  @Test
  void theDriverFlagCoversEveryCreateStatementWithBeginAtomicWords() {
    // pgjdbc stops splitting after these words in any CREATE statement: such statements go alone
    assertThat(SqlSplitter.split("create view v as select begin atomic from t")).singleElement()
        .extracting(SqlStatement::beginAtomic).isEqualTo(true);
    assertThat(SqlSplitter.split("select begin atomic from t")).singleElement()
        .extracting(SqlStatement::beginAtomic).isEqualTo(false);
    assertThat(SqlSplitter.split("create table t (x text default 'begin atomic')")).singleElement()
        .extracting(SqlStatement::beginAtomic).isEqualTo(false);
  }

  // ---- properties ----

  @Property(tries = 400)
  void statementsSplitWhereTheyWereJoined(@ForAll("scripts") List<Stmt> statements) {
    String sql = join(statements);
    List<SqlStatement> split = SqlSplitter.split(sql);
    assertThat(split).extracting(SqlStatement::sql).as(sql)
        .containsExactlyElementsOf(statements.stream().map(Stmt::sql).toList());
    for (int i = 0; i < split.size(); i++) {
      assertThat(sql.startsWith(split.get(i).sql(), split.get(i).offset())).isTrue();
      if (statements.get(i).body()) {
        assertThat(split.get(i).beginAtomic()).as(statements.get(i).sql()).isTrue();
      }
      if (!statements.get(i).sql().regionMatches(true, 0, "create", 0, 6)) {
        assertThat(split.get(i).beginAtomic()).as(statements.get(i).sql()).isFalse();
      }
    }
  }

  @Property(tries = 400)
  void aTransactionControlStatementIsAlwaysRefusedAtItsLine(@ForAll("scripts") List<Stmt> statements) {
    String sql = join(statements);
    String content = "-- alteration:up\n" + sql + "\n-- alteration:down\nselect 1;\n";
    int first = -1;
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).control()) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      SectionParser.parse(FILE, content);
      return;
    }
    int offset = SqlSplitter.split(sql).get(first).offset();
    int line = 1 + SqlSplitter.lineOf(sql, offset);
    String word = statements.get(first).sql().split("\\s+")[0].toUpperCase(Locale.ROOT);
    assertThatThrownBy(() -> SectionParser.parse(FILE, content)).as(sql)
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("has '" + word)
        .hasMessageContaining("' at line " + line + ", which would end logto's transaction");
  }

  private static String join(List<Stmt> statements) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      sb.append(statements.get(i).sql()).append(i % 2 == 0 ? ";\n" : "; -- next; commit;\n/* begin atomic */ ");
    }
    return sb.toString();
  }

  @Provide
  Arbitrary<List<Stmt>> scripts() {
    return Arbitraries.oneOf(routine(), routineWithBody(), plain(), control(), plain(), routine())
        .list().ofMinSize(1).ofMaxSize(6);
  }

  /** Words that look like the keywords the splitter and the transaction check look for. */
  private static final List<String> KEYWORDS = List.of("begin", "atomic", "end", "commit", "case", "rollback",
      "abort", "start", "transaction", "function", "procedure", "create", "replace", "or", "as", "language",
      "returns", "sql", "when", "then", "else", "select", "prepare");

  /** Words PostgreSQL accepts as bare names (unreserved keywords, plain names). */
  private static final List<String> BARE_NAMES = List.of("begin", "atomic", "commit", "rollback", "abort", "start",
      "transaction", "function", "procedure", "replace", "language", "returns", "sql", "data", "x1", "Begin", "ATOMIC");

  private static Arbitrary<String> keyword() {
    return Arbitraries.of(KEYWORDS).map(k -> k.length() % 2 == 0 ? k.toUpperCase(Locale.ROOT) : k);
  }

  /** Text that looks like SQL and keywords, with semicolons: for inside strings and comments. */
  private static Arbitrary<String> lookalike() {
    return Combinators.combine(keyword(), keyword(), keyword())
        .as((a, b, c) -> a + " " + b + "; " + c + ";");
  }

  private static Arbitrary<String> identifier() {
    Arbitrary<String> bare = Arbitraries.of(BARE_NAMES);
    Arbitrary<String> quoted = Arbitraries.oneOf(keyword(), lookalike())
        .map(t -> "\"" + t.replace("\"", "\"\"") + "\"");
    return Arbitraries.oneOf(bare, bare, quoted);
  }

  private static Arbitrary<String> string() {
    Arbitrary<String> text = lookalike();
    return Arbitraries.oneOf(
        text.map(t -> "'" + t + " it''s'"),
        text.map(t -> "E'" + t + " \\' \\\\'"),
        text.map(t -> "$$" + t + " 'x' $$"),
        text.map(t -> "$body$" + t + " $$ $body$"),
        text.map(t -> "U&'" + t + "'"));
  }

  /** A comment that may stand between two tokens. */
  private static Arbitrary<String> comment() {
    return Arbitraries.oneOf(
        Arbitraries.just(" "),
        Arbitraries.just(" "),
        lookalike().map(t -> " -- " + t + "\n"),
        lookalike().map(t -> " /* " + t + " /* nested end; */ */ "));
  }

  private static Arbitrary<String> type() {
    return Arbitraries.oneOf(Arbitraries.of("int", "text", "numeric(10, 2)", "int[]", "setof int"), identifier());
  }

  private static Arbitrary<String> parameters() {
    Arbitrary<String> parameter = Combinators.combine(identifier(), type(), Arbitraries.of("", " default 1",
        " = (1 + 2)", " default 'begin atomic; commit;'")).as((n, t, d) -> n + " " + t + d);
    return parameter.list().ofMaxSize(3).map(list -> "(" + String.join(", ", list) + ")");
  }

  private static Arbitrary<String> head() {
    Arbitrary<String> kind = Arbitraries.of("create function", "CREATE OR REPLACE FUNCTION", "create procedure",
        "create or replace procedure");
    Arbitrary<String> name = Arbitraries.oneOf(identifier(), identifier().map(n -> "s." + n));
    return Combinators.combine(kind, comment(), name, parameters(), comment(), type())
        .as((k, c1, n, p, c2, t) -> k + c1 + n + p + c2 + (k.toLowerCase(Locale.ROOT).contains("function")
            ? "returns " + t + " " : ""));
  }

  /** A routine with its body in a string: not a BEGIN ATOMIC body. */
  private static Arbitrary<Stmt> routine() {
    Arbitrary<String> options = Arbitraries.of("language sql", "LANGUAGE plpgsql", "language sql immutable",
        "language sql set search_path = begin", "language sql set search_path to public, atomic");
    return Combinators.combine(head(), options, comment(), string())
        .as((h, o, c, s) -> new Stmt(h + o + c + "as " + s, false, false));
  }

  private static Arbitrary<String> bodyStatement() {
    return Arbitraries.oneOf(
        Combinators.combine(identifier(), string(), identifier())
            .as((a, s, b) -> "select case when " + a + " then " + s + " else " + b + " end"),
        identifier().map(t -> "select t.end, t.case, 1 as end, 2 as case from " + t),
        identifier().map(t -> "select begin atomic, case when true then 1. end from " + t),
        Combinators.combine(identifier(), string()).as((t, s) -> "insert into " + t + " values (" + s + ")"),
        comment().map(c -> "select (case when true then (case when false then 1 end) end)" + c + "+ 1"));
  }

  private static Arbitrary<Stmt> routineWithBody() {
    Arbitrary<String> body = bodyStatement().list().ofMinSize(1).ofMaxSize(3)
        .map(list -> String.join("; ", list) + ";");
    return Combinators.combine(head(), Arbitraries.of("language sql ", ""), comment(), comment(), body, comment())
        .as((h, l, c1, c2, b, c3) -> new Stmt(h + l + "begin" + c1 + "atomic" + c2 + b + c3 + "end", false, true));
  }

  /** Ordinary statements whose names, strings and comments look like keywords. */
  private static Arbitrary<Stmt> plain() {
    return Arbitraries.oneOf(
        Combinators.combine(identifier(), identifier()).as((t, c) -> "create table " + t + " (" + c + " int)"),
        Combinators.combine(identifier(), string(), comment(), identifier())
            .as((a, s, c, t) -> "select " + a + "," + c + s + " from " + t),
        identifier().map(t -> "create view v as select begin atomic from " + t),
        lookalike().map(t -> "do $q$ begin perform 1; " + t + " end $q$"),
        Combinators.combine(identifier(), string()).as((t, s) -> "comment on table " + t + " is " + s))
        .map(sql -> new Stmt(sql, false, false));
  }

  private static Arbitrary<Stmt> control() {
    return Arbitraries.of("commit", "COMMIT WORK", "end", "rollback", "abort", "begin", "BEGIN ISOLATION LEVEL SERIALIZABLE",
        "start transaction", "commit and chain", "rollback transaction", "prepare transaction 'x'")
        .map(sql -> new Stmt(sql, true, false));
  }

  @Property(tries = 50)
  void theIssueCaseWithAnyParameterNameIsRefused(@ForAll("parameterNames") String name,
      @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars String> comments) {
    String fn = "create function f(" + name + " int) returns int language sql as 'select 1'";
    StringBuilder content = new StringBuilder("-- alteration:up\n");
    comments.forEach(c -> content.append("-- ").append(c).append('\n'));
    content.append(fn).append(";\ncommit;\n");
    int line = 3 + comments.size();
    assertThatThrownBy(() -> SectionParser.parse(FILE, content.toString())).isInstanceOf(LogtoException.class)
        .hasMessageContaining("has 'COMMIT' at line " + line + ",");
  }

  @Provide
  Arbitrary<String> parameterNames() {
    List<String> names = new ArrayList<>(BARE_NAMES);
    names.addAll(List.of("\"end\"", "\"case\"", "\"begin atomic\""));
    return Arbitraries.of(names);
  }
}
