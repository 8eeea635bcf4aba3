package io.logto.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.error.ErrorCode;
import io.logto.db.error.LogtoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvTest {
  private static final String URL = "postgres://u:p@h/db";

  @TempDir
  Path tmp;

  private Path file(Object... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return Files.write(tmp.resolve(".env"), out.toByteArray());
  }

  private Optional<DotEnv.Value> read(Object... parts) throws IOException {
    return DotEnv.read(file(parts), "DB_URL");
  }

  private String value(Object... parts) throws IOException {
    return read(parts).orElseThrow().text();
  }

  private void assertRefused(String words, Object... parts) throws IOException {
    Path file = file(parts);
    assertThatThrownBy(() -> DotEnv.read(file, "DB_URL"))
        .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessageStartingWith("The env file " + file + " is invalid at line ")
        .hasMessageContaining(words).hasMessageContaining("Fix: ");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "DB_URL=postgres://u:p@h/db                          | postgres://u:p@h/db",
      "  export DB_URL = postgres://u:p@h/db   # prod       | postgres://u:p@h/db",
      "DB_URL=postgres://u:p#w@h/db                        | postgres://u:p#w@h/db",
      "DB_URL=\"postgres://u:p #w@h/db\" # prod            | postgres://u:p #w@h/db",
      "DB_URL='postgres://u:p\"w@h/db'#prod                | postgres://u:p\"w@h/db",
      "DB_URL=\"a\\\"b\\\\c\"                              | a\"b\\c",
      "DB_URL=#abc                                         | #abc",
      "DB_URL=                                             | ``",
      "DB_URL= # nothing                                   | ``",
  })
  void readsAValue(String line, String expected) throws IOException {
    assertThat(value(line + "\n")).isEqualTo(expected);
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstKey() throws IOException {
    assertThat(value(0xEF, 0xBB, 0xBF, "DB_URL=" + URL + "\n")).isEqualTo(URL);
  }

  @Test
  void crlfLineEndsAndTheLastDefinitionWin() throws IOException {
    Optional<DotEnv.Value> found = read("# settings\r\nDB_URL=postgres://old@h/db\r\nOTHER=1\r\nDB_URL=\"" + URL + "\"\r\n");
    assertThat(found).contains(new DotEnv.Value(URL, 4, false));
  }

  @Test
  void aCommentCutFromAnUnquotedValueIsRecorded() throws IOException {
    assertThat(read("DB_URL=postgres://u:pa #ss@h/db\n")).contains(new DotEnv.Value("postgres://u:pa", 1, true));
  }

  @Test
  void commentsMayHoldBytesThatAreNotUtf8() throws IOException {
    assertThat(value("# caf", 0xE9, " au lait\nDB_URL=" + URL + " # ol", 0xE9, "\nOTHER=caf", 0xE9, "\n")).isEqualTo(URL);
  }

  @Test
  void otherVariablesMaySpanLinesInQuotes() throws IOException {
    Optional<DotEnv.Value> found = read("KEY=\"-----BEGIN KEY-----\nabc # not a comment\nDB_URL=no\n-----END KEY-----\"\n"
        + "DB_URL=" + URL + "\n");
    assertThat(found).contains(new DotEnv.Value(URL, 5, false));
  }

  @Test
  void aValueThatIsNotUtf8IsRefusedAtItsLine() throws IOException {
    assertRefused("line 2: the value of DB_URL is not UTF-8 text. Fix: save the file as UTF-8",
        "# ok\nDB_URL=postgres://u:caf", 0xE9, "@h/db\n");
  }

  @Test
  void textAfterAClosingQuoteIsRefusedWithoutShowingIt() throws IOException {
    Path file = file("DB_URL=\"postgres://u:pa\"ssw0rd@h/db\"\n");
    assertThatThrownBy(() -> DotEnv.read(file, "DB_URL")).isInstanceOf(LogtoException.class)
        .hasMessageContaining("line 1: the value of DB_URL has text after its closing quote")
        .hasMessageNotContaining("ssw0rd");
  }

  @Test
  void aQuoteNeverClosedIsRefused() throws IOException {
    assertRefused("line 2: the value of OTHER opens a double quote that is never closed", "A=1\nOTHER=\"abc\nDB_URL=x\n");
  }

  @Test
  void utf16IsRefused() throws IOException {
    assertRefused("line 1: it is UTF-16 text", 0xFF, 0xFE, "D", 0, "B", 0);
  }

  @Test
  void noDefinitionIsEmpty() throws IOException {
    assertThat(read("# nothing here\nOTHER=1\njunk without equals\n")).isEmpty();
  }
}
