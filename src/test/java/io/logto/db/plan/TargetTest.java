package io.logto.db.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

  @Test
  void parsesKeywords() {
    assertThat(Target.parse("latest")).isInstanceOf(Target.Latest.class).hasToString("latest");
    assertThat(Target.parse("next")).isInstanceOf(Target.Next.class).hasToString("next");
    assertThat(Target.parse("  next\n")).isInstanceOf(Target.Next.class);
    assertThat(Target.parse(" latest ")).isInstanceOf(Target.Latest.class);
  }

  @ParameterizedTest
  @CsvSource({
      "v1.2.0, 1.2.0",
      "V1.2.0, 1.2.0",
      "1.2.0, 1.2.0",
      "' 1.2.0 ', 1.2.0",
      "1.0.0_beta.10, 1.0.0-beta.10",
      "1.0.0-beta.10, 1.0.0-beta.10",
      "v1.0.0_rc.0, 1.0.0-rc.0",
  })
  void parsesVersions(String text, String expected) {
    Target target = Target.parse(text);
    assertThat(target).isEqualTo(new Target.Exact(Version.parse(expected)));
    assertThat(target).hasToString(expected);
    assertThat(Target.parseVersion(text)).isEqualTo(Version.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "v", "V", "", "   ", "1.2.3.4", "'; drop table x; --", "vv1.2.0", "1.2.0+b",
      "01.2.0", "Latest", "NEXT", "1.0.0-", "v 1.2.0", "1.2.x"})
  void rejectsBadInputWithUsageError(String text) {
    assertThatThrownBy(() -> Target.parse(text))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageContaining("Invalid target version '" + text + "'")
        .hasMessageContaining("expected a semantic version such as 1.2.0");
  }

  @Test
  void messageReplacesControlCharactersAndTruncatesLongInput() {
    String evil = "1.2\u001b[31m\n" + "x".repeat(100);
    assertThatThrownBy(() -> Target.parse(evil))
        .isInstanceOf(LogtoException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\n");
          assertThat(e.getMessage()).contains("1.2?[31m?").contains("...");
          assertThat(e.getMessage()).doesNotContain("x".repeat(60));
        });
  }
}
