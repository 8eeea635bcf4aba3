package bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times logto's discovery of alteration scripts in-process, on the product jar's class path (given at
 * run time, so this build never depends on the product):
 * <pre>
 * java -cp logto-all.jar:discovery.jar bench.DiscoveryTimer dir DIR [WARM_RUNS]
 *     AlterationDiscovery.fromPath(DIR): a directory of scripts (--alterations DIR)
 * java -cp logto-all.jar:discovery.jar bench.DiscoveryTimer classpath JAR [WARM_RUNS]
 *     AlterationDiscovery.fromClasspath(loader of JAR): scripts shipped under alterations/ in a jar
 * </pre>
 * Prints one line: {@code scripts=<n> cold_ms=<first call, class loading included>
 * warm_median_ms=<median of the next WARM_RUNS calls> warm_min_ms=<...>}.
 */
public final class DiscoveryTimer {
  private DiscoveryTimer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !(args[0].equals("dir") || args[0].equals("classpath"))) {
      System.err.println("usage: DiscoveryTimer dir DIR | classpath JAR [WARM_RUNS]");
      System.exit(2);
    }
    boolean classpath = args[0].equals("classpath");
    Path path = Path.of(args[1]);
    int warmRuns = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    // only the given jar: the product jar's own alterations/ must not count
    ClassLoader loader = classpath
        ? new URLClassLoader(new URL[] {path.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) : null;

    long t0 = System.nanoTime();
    Class<?> discovery = Class.forName("io.logto.db.script.AlterationDiscovery");
    Method method = classpath ? discovery.getMethod("fromClasspath", ClassLoader.class)
        : discovery.getMethod("fromPath", Path.class);
    Object argument = classpath ? loader : path;
    List<?> found = (List<?>) method.invoke(null, argument);
    double cold = (System.nanoTime() - t0) / 1e6;

    double[] warm = new double[warmRuns];
    for (int i = 0; i < warmRuns; i++) {
      long t = System.nanoTime();
      List<?> again = (List<?>) method.invoke(null, argument);
      warm[i] = (System.nanoTime() - t) / 1e6;
      if (again.size() != found.size()) {
        throw new IllegalStateException("discovery found " + found.size() + " then " + again.size());
      }
    }
    Arrays.sort(warm);
    double median = warmRuns == 0 ? Double.NaN
        : warmRuns % 2 == 1 ? warm[warmRuns / 2] : (warm[warmRuns / 2 - 1] + warm[warmRuns / 2]) / 2;
    System.out.printf(java.util.Locale.ROOT, "scripts=%d cold_ms=%.1f warm_median_ms=%.1f warm_min_ms=%.1f%n",
        found.size(), cold, median, warmRuns == 0 ? Double.NaN : warm[0]);
  }
}
