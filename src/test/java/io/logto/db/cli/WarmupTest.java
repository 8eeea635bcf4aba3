package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {
  @Test
  void warmsUpForCommandsThatConnectOnly() {
    assertThat(Warmup.wanted(new String[] {"db", "alt", "deploy", "1.2.0", "--db-url", "postgres://h/d"})).isTrue();
    assertThat(Warmup.wanted(new String[] {"db", "alteration", "r", "1.0.0"})).isTrue();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "status"})).isTrue();
    assertThat(Warmup.wanted(new String[] {"--version"})).isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "deploy", "--help"})).isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "new", "add-thing"})).isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "release", "1.2.0"})).isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "new", "--", "deploy"})).isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "new", "deploy"})).as("a name, not the command").isFalse();
    assertThat(Warmup.wanted(new String[] {"--db-url", "postgres://h/d", "db", "alt", "deploy"})).isTrue();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "deploy", "-v"})).as("-v prints the version").isFalse();
    assertThat(Warmup.wanted(new String[] {"db", "alt", "deploy", "--", "-v"})).isTrue();
  }

  @Test
  void everyClassItInitialisesExists() throws ClassNotFoundException {
    // a class renamed by a library upgrade would make the warm-up silently useless
    assertThat(Warmup.CLASSES).isNotEmpty();
    for (String name : Warmup.CLASSES) {
      Class.forName(name, false, WarmupTest.class.getClassLoader());
    }
  }
}
