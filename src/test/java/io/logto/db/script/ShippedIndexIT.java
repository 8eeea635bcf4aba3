package io.logto.db.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The built jar ({@code -Dlogto.jar}, set by failsafe) carries an index of every script it ships,
 * and the jar's own classes (their parser fingerprint, not the test's) take every script from it.
 */
class ShippedIndexIT {
  @Test
  void theRunnableJarTakesEveryShippedScriptFromItsIndex() throws Exception {
    String property = System.getProperty("logto.jar");
    assumeTrue(property != null && !property.isBlank(), "needs -Dlogto.jar: run by failsafe in mvn verify");
    Path jar = Path.of(property);
    List<String> shipped;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      shipped = Collections.list(zip.entries()).stream().map(e -> e.getName())
          .filter(name -> name.startsWith("alterations/") && name.endsWith(".sql"))
          .map(name -> name.substring("alterations/".length())).toList();
      assertThat(zip.getEntry(AlterationIndex.ENTRY)).isNotNull();
    }
    assertThat(shipped).isNotEmpty();

    // the jar's classes alone, as `java -jar` loads them
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> discovery = loader.loadClass(AlterationDiscovery.class.getName());
      Method readJar = discovery.getDeclaredMethod("readJar", Path.class);
      readJar.setAccessible(true);
      List<?> files = (List<?>) readJar.invoke(null, jar);
      Class<?> scriptFile = loader.loadClass(ScriptFile.class.getName());
      Method fileName = scriptFile.getMethod("fileName");
      Method sections = scriptFile.getMethod("sections");
      assertThat(files).hasSize(shipped.size());
      for (Object file : files) {
        assertThat(shipped).contains((String) fileName.invoke(file));
        assertThat((Optional<?>) sections.invoke(file)).as("%s from the index", fileName.invoke(file)).isPresent();
      }
    }
  }
}
