package io.logto.db.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's version, as the build wrote it; the runner records it in every journal row. */
public final class ToolVersion {
  private ToolVersion() {}

  public static String get() {
    Properties properties = new Properties();
    try (InputStream in = ToolVersion.class.getResourceAsStream("/io/logto/db/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException ignored) {
      // unknown
    }
    return properties.getProperty("version", "unknown");
  }
}
