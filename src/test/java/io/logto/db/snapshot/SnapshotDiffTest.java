package io.logto.db.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
  private static final Grants NONE = Grants.NONE;

  private static Snapshot.Column column(String name, int position, String type) {
    return new Snapshot.Column(name, position, type, false, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), NONE);
  }

  private static Snapshot.Table table(String name, Snapshot.Column... columns) {
    TreeMap<String, Snapshot.Column> map = new TreeMap<>();
    for (Snapshot.Column c : columns) {
      map.put(c.name(), c);
    }
    return new Snapshot.Table(name, "table", false, false, false, List.of(), Optional.empty(), Optional.empty(),
        List.of(), Optional.empty(), NONE, map, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  private static Snapshot.Table withConstraint(Snapshot.Table t, String name, String definition) {
    TreeMap<String, Snapshot.Part> constraints = new TreeMap<>(t.constraints());
    constraints.put(name, new Snapshot.Part(definition, Optional.empty()));
    return new Snapshot.Table(t.name(), t.kind(), t.unlogged(), t.rowSecurity(), t.forceRowSecurity(), t.options(),
        t.partitionKey(), t.partitionOf(), t.inherits(), t.comment(), t.grants(), t.columns(), constraints,
        t.triggers(), t.policies());
  }

  private static Snapshot.Table withGrants(Snapshot.Table t, Grants grants) {
    return new Snapshot.Table(t.name(), t.kind(), t.unlogged(), t.rowSecurity(), t.forceRowSecurity(), t.options(),
        t.partitionKey(), t.partitionOf(), t.inherits(), t.comment(), grants, t.columns(), t.constraints(),
        t.triggers(), t.policies());
  }

  /** A snapshot with the given tables, indexes and types; everything else empty. */
  private static Snapshot snapshot(List<Snapshot.Table> tables, List<Snapshot.Index> indexes,
      List<Snapshot.Type> types) {
    TreeMap<String, Snapshot.Table> t = new TreeMap<>();
    tables.forEach(x -> t.put(x.name(), x));
    TreeMap<String, Snapshot.Index> i = new TreeMap<>();
    indexes.forEach(x -> i.put(x.name(), x));
    TreeMap<String, Snapshot.Type> y = new TreeMap<>();
    types.forEach(x -> y.put(x.name(), x));
    return new Snapshot(new TreeMap<>(), new TreeMap<>(), y, new TreeMap<>(), t, new TreeMap<>(), i, new TreeMap<>());
  }

  private static Snapshot tables(Snapshot.Table... tables) {
    return snapshot(List.of(tables), List.of(), List.of());
  }

  private static List<String> diff(Snapshot expected, Snapshot actual) {
    return SnapshotDiff.compare(expected, actual, false).stream().map(Difference::toString).toList();
  }

  private static final Snapshot.Table USERS = table("users", column("id", 1, "integer"), column("name", 2, "text"));

  @Test
  void identicalSnapshotsHaveNoDifferences() {
    assertThat(diff(tables(USERS), tables(USERS))).isEmpty();
    assertThat(diff(Snapshot.EMPTY, Snapshot.EMPTY)).isEmpty();
  }

  @Test
  void anExtraColumnShouldNotExistAndAMissingOneIsMissing() {
    Snapshot.Table after = table("users", column("id", 1, "integer"), column("locale", 2, "text"));
    assertThat(diff(tables(USERS), tables(after))).containsExactly(
        "table users: column locale (text) should not exist",
        "table users: column name (text) missing");
  }

  @Test
  void aTableLeftBehindIsOneLine() {
    assertThat(diff(Snapshot.EMPTY, tables(USERS))).containsExactly("table users: should not exist");
    assertThat(diff(tables(USERS), Snapshot.EMPTY)).containsExactly("table users: missing");
  }

  @Test
  void columnAttributesDifferWithExpectedAndFound() {
    Snapshot.Column changed = new Snapshot.Column("name", 2, "character varying(16)", true, Optional.of("'x'::text"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("The name."), NONE);
    assertThat(diff(tables(USERS), tables(table("users", column("id", 1, "integer"), changed)))).containsExactly(
        "table users: column name type differs: expected text, found character varying(16)",
        "table users: column name nullability differs: expected nullable, found not null",
        "table users: column name default differs: expected none, found 'x'::text",
        "table users: column name comment differs: expected none, found The name.");
  }

  @Test
  void identityAndGenerationAreCompared() {
    Snapshot.Column identity = new Snapshot.Column("id", 1, "integer", true, Optional.empty(),
        Optional.of("always"), Optional.empty(), Optional.empty(), Optional.empty(), NONE);
    Snapshot.Column generated = new Snapshot.Column("id", 1, "integer", true, Optional.empty(), Optional.empty(),
        Optional.of("(1 + 1)"), Optional.empty(), Optional.empty(), NONE);
    assertThat(diff(tables(table("t", identity)), tables(table("t", generated)))).containsExactly(
        "table t: column id identity differs: expected generated always, found none",
        "table t: column id generation expression differs: expected none, found (1 + 1)");
  }

  @Test
  void columnOrderCountsOnlyWhenStrict() {
    Snapshot.Table reordered = table("users", column("name", 1, "text"), column("id", 2, "integer"));
    assertThat(diff(tables(USERS), tables(reordered))).isEmpty();
    assertThat(SnapshotDiff.compare(tables(USERS), tables(reordered), true)).extracting(Difference::toString)
        .containsExactly("table users: column order differs: expected (id, name), found (name, id)");
  }

  @Test
  void constraintsAreMissingExtraOrDiffer() {
    Snapshot.Table expected = withConstraint(withConstraint(USERS, "users_pkey", "PRIMARY KEY (id)"),
        "users__name_check", "CHECK (length(name) < 10)");
    Snapshot.Table actual = withConstraint(withConstraint(USERS, "users_pkey", "PRIMARY KEY (id, name)"),
        "users__other", "CHECK (true)");
    assertThat(diff(tables(expected), tables(actual))).containsExactly(
        "table users: constraint users__name_check missing",
        "table users: constraint users__other should not exist",
        "table users: constraint users_pkey definition differs: expected PRIMARY KEY (id), found PRIMARY KEY (id, name)");
  }

  @Test
  void indexesAreTopLevelObjects() {
    Snapshot.Index index = new Snapshot.Index("users__x", "users",
        "CREATE INDEX users__x ON public.users USING btree (name)", true, Optional.empty());
    Snapshot.Index changed = new Snapshot.Index("users__x", "users",
        "CREATE INDEX users__x ON public.users USING btree (id)", false, Optional.empty());
    assertThat(diff(snapshot(List.of(USERS), List.of(index), List.of()), tables(USERS)))
        .containsExactly("index users__x: missing");
    assertThat(diff(tables(USERS), snapshot(List.of(USERS), List.of(index), List.of())))
        .containsExactly("index users__x: should not exist");
    assertThat(diff(snapshot(List.of(USERS), List.of(index), List.of()),
        snapshot(List.of(USERS), List.of(changed), List.of()))).containsExactly(
            "index users__x: definition differs: expected CREATE INDEX users__x ON public.users USING btree (name),"
                + " found CREATE INDEX users__x ON public.users USING btree (id)",
            "index users__x: validity differs: expected valid, found invalid");
  }

  private static Snapshot.Type enumType(String... labels) {
    return new Snapshot.Type("user_status", "enum", "", List.of(labels), Optional.empty(), NONE);
  }

  private static Snapshot types(Snapshot.Type type) {
    return snapshot(List.of(), List.of(), List.of(type));
  }

  @Test
  void enumLabelsAreComparedOneByOneAndInOrder() {
    assertThat(diff(types(enumType("active", "suspended")), types(enumType("active", "suspended", "banned"))))
        .containsExactly("enum type user_status: label 'banned' should not exist");
    assertThat(diff(types(enumType("active", "suspended")), types(enumType("active"))))
        .containsExactly("enum type user_status: label 'suspended' missing");
    assertThat(diff(types(enumType("active", "suspended")), types(enumType("suspended", "active"))))
        .containsExactly("enum type user_status: label order differs: expected ('active', 'suspended'),"
            + " found ('suspended', 'active')");
  }

  @Test
  void aTypeOfAnotherKindSaysSo() {
    Snapshot.Type domain = new Snapshot.Type("user_status", "domain", "text NOT NULL", List.of(), Optional.empty(),
        NONE);
    assertThat(diff(types(enumType("a")), types(domain))).containsExactly(
        "enum type user_status: kind differs: expected enum, found domain",
        "enum type user_status: definition differs: expected , found text NOT NULL");
  }

  @Test
  void grantsAreComparedPerGranteeAndPrivilege() {
    Grants expected = Grants.parse(List.of("postgres=arwdDxt/postgres", "=r/postgres", "app=r*w/postgres"));
    Grants actual = Grants.parse(List.of("postgres=arwdDxt/postgres", "app=r/postgres", "\"odd=role\"=a/postgres"));
    assertThat(diff(tables(withGrants(USERS, expected)), tables(withGrants(USERS, actual)))).containsExactly(
        "table users: grant SELECT to PUBLIC missing",
        "table users: grant SELECT WITH GRANT OPTION, UPDATE to app missing",
        "table users: grant SELECT to app should not exist",
        "table users: grant INSERT to odd=role should not exist");
  }

  @Test
  void longDefinitionsNameTheFirstLineThatDiffers() {
    assertThat(SnapshotDiff.expectedFound("begin\n  x := 1;\nend", "begin\n  x := 2;\nend"))
        .isEqualTo(" at line 2: expected x := 1;, found x := 2;");
    assertThat(SnapshotDiff.expectedFound("begin\nend", "begin\nend\n-- more"))
        .isEqualTo(" at line 3: expected (end), found -- more");
    assertThat(SnapshotDiff.expectedFound("a", "b")).isEqualTo(": expected a, found b");
  }

  @Test
  void differencesComeInAStableOrderOfKinds() {
    Snapshot.Index index = new Snapshot.Index("a_index", "users", "CREATE INDEX a_index ON users (id)", true,
        Optional.empty());
    Snapshot actual = snapshot(List.of(USERS), List.of(index), List.of(enumType("x")));
    assertThat(diff(Snapshot.EMPTY, actual)).containsExactly(
        "enum type user_status: should not exist",
        "table users: should not exist",
        "index a_index: should not exist");
  }

  @Test
  void eachDifferenceSaysItsKindAndWhatChangedFromExpectedToFound() {
    Snapshot.Column changed = column("name", 2, "integer");
    Snapshot.Table actual = withGrants(withConstraint(table("users", column("id", 1, "integer"), changed,
        column("locale", 3, "text")), "users_pkey", "PRIMARY KEY (id)"), Grants.parse(List.of("=r/postgres")));
    List<Difference> differences = SnapshotDiff.compare(tables(USERS), tables(actual), false);
    assertThat(differences).extracting(d -> d.kind() + " " + d.change() + " " + d.describe()).containsExactly(
        "COLUMNS ADDED table users: column locale (text)",
        "COLUMNS CHANGED table users: column name type: text \u2192 integer",
        "CONSTRAINTS ADDED table users: constraint users_pkey",
        "GRANTS ADDED table users: grant SELECT to PUBLIC");
    assertThat(differences.get(1).expected()).contains("text");
    assertThat(differences.get(1).found()).contains("integer");
    assertThat(differences).extracting(Difference::toString).containsExactly(
        "table users: column locale (text) should not exist",
        "table users: column name type differs: expected text, found integer",
        "table users: constraint users_pkey should not exist",
        "table users: grant SELECT to PUBLIC should not exist");
    assertThat(SnapshotDiff.compare(tables(actual), tables(USERS), false)).extracting(Difference::describe)
        .contains("table users: column name type: integer \u2192 text", "table users: column locale (text)");
  }

  @Test
  void aChangedBodyIsDescribedByItsFirstDifferentLine() {
    Difference body = new Difference(Difference.Kind.FUNCTIONS, Difference.Change.CHANGED, "function f()",
        "definition", Optional.of("begin\n  return 1;\nend"), Optional.of("begin\n  return 2;\nend"));
    assertThat(body.describe()).isEqualTo("function f(): definition at line 2: return 1; \u2192 return 2;");
    assertThat(body.message()).isEqualTo("definition differs at line 2: expected return 1;, found return 2;");
  }
}
