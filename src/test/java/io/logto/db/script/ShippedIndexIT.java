package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The built jar ({@code -Dlogto.jar}, set by failsafe) carries an index of every script it ships. */
class ShippedIndexIT {
  @Test
  void theRunnableJarIndexesEveryShippedScript() throws IOException {
    String property = System.getProperty("logto.jar");
    assumeTrue(property != null && !property.isBlank(), "needs -Dlogto.jar: run by failsafe in mvn verify");
    Path jar = Path.of(property);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var shipped = Collections.list(zip.entries()).stream().map(e -> e.getName())
          .filter(name -> name.startsWith("alterations/") && name.endsWith(".sql"))
          .map(name -> name.substring("alterations/".length())).toList();
      assertThat(shipped).isNotEmpty();
      assertThat(AlterationIndex.read(zip)).containsOnlyKeys(shipped);
    }
    assertThat(AlterationDiscovery.readJar(jar)).allSatisfy(file -> assertThat(file.sections()).isPresent());
  }
}
