package io.logto.db.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logto.db.alteration.Alteration;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.plan.Planner;
import io.logto.db.script.AlterationDiscovery;
import io.logto.db.script.ScriptFile;
import io.logto.db.script.SectionParser;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code -- alteration:irreversible} marker: parsed, carried on the alteration, refused by rollback. */
class IrreversibleMarkerTest {
  private static final String IRREVERSIBLE = "-- alteration:up\nalter table users drop column name;\n\n"
      + "-- alteration:irreversible\n-- The names are gone with the column.\n";

  @Test
  void theMarkerTakesCommentsAndDeclaresTheScriptIrreversible() {
    SectionParser.Sections sections = SectionParser.parse("1.1.0-200-drop-name.sql", IRREVERSIBLE);
    assertThat(sections.irreversible()).isTrue();
    assertThat(sections.down()).isEmpty();
    assertThat(SectionParser.parse("a.sql", "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n")
        .irreversible()).isFalse();
  }

  @Test
  void theMarkerTakesNoSql() {
    assertThatThrownBy(() -> SectionParser.parse("1.1.0-200-x.sql",
        "-- alteration:up\nselect 1;\n-- alteration:irreversible\n-- why\nselect 2;\n"))
        .isInstanceOf(LogtoException.class)
        .hasMessage("Alteration 1.1.0-200-x.sql is invalid: line 5 has SQL after the '-- alteration:irreversible'"
            + " marker, which takes only comments. Fix: move the SQL into the '-- alteration:up' section, or write"
            + " '-- alteration:down' if it reverts the script.");
  }

  @Test
  void theMarkerAndADownSectionContradictEachOther() {
    assertThatThrownBy(() -> SectionParser.parse("1.1.0-200-x.sql",
        "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n-- alteration:irreversible\n"))
        .isInstanceOf(LogtoException.class)
        .hasMessageContaining("it has both the '-- alteration:irreversible' marker and a '-- alteration:down'"
            + " section");
  }

  @Test
  void rollbackRefusesToCrossAnIrreversibleScriptAndSaysWhy() {
    List<Alteration> all = AlterationDiscovery.toAlterations(List.of(
        new ScriptFile("1.0.0-100-init.sql", "memory", "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n"),
        new ScriptFile("1.1.0-200-drop-name.sql", "memory", IRREVERSIBLE),
        new ScriptFile("1.2.0-300-add-email.sql", "memory", "-- alteration:up\nselect 1;\n-- alteration:down\nselect 2;\n")));
    assertThat(all.get(1).irreversible()).isTrue();
    assertThat(Planner.rollback(all, new BigDecimal(300), Version.parse("1.1.0")).alterations())
        .extracting(Alteration::fileName).containsExactly("1.2.0-300-add-email.sql");
    assertThatThrownBy(() -> Planner.rollback(all, new BigDecimal(300), Version.parse("1.0.0")))
        .isInstanceOf(LogtoException.class)
        .hasMessage("Cannot roll back to 1.0.0: alteration 1.1.0-200-drop-name.sql is declared irreversible"
            + " ('-- alteration:irreversible'), so it cannot be reverted. Nothing was changed. Roll back to 1.1.0"
            + " or above, or restore a backup.");
  }
}
