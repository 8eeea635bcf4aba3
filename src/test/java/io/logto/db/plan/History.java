package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.alteration.Section;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.Optional;

/** Builds in-memory alterations for planner tests. */
final class History {
  private History() {}

  static AlterationVersion version(String text) {
    return text.equals("next") ? AlterationVersion.NEXT : AlterationVersion.of(Version.parse(text));
  }

  /** An alteration named {@code <version>-<timestamp>-<name>.sql}, reversible unless told otherwise. */
  static Alteration alteration(String version, String timestamp, String name, boolean reversible) {
    String fileName = version.replace('-', '_') + "-" + timestamp + "-" + name + ".sql";
    return new Alteration(fileName, version(version), new BigDecimal(timestamp), name,
        new Section("select 1;\n", 2),
        reversible ? Optional.of(new Section("select 2;\n", 4)) : Optional.empty(),
        Optional.empty(), Optional.empty(), "memory:" + fileName, false);
  }

  static Alteration alteration(String version, String timestamp, String name) {
    return alteration(version, timestamp, name, true);
  }

  static Alteration alteration(AlterationVersion version, BigDecimal timestamp, boolean reversible) {
    return alteration(version.toString(), timestamp.toPlainString(),
        "s" + timestamp.toPlainString().replace('.', '-'), reversible);
  }
}
