package io.logto.db.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed or logged: the known password (raw and
 * URL-encoded), the password part of any URL, and {@code password=} parameters.
 */
public final class Redactor {
  public static final String MASK = "***";
  private static final Pattern URL_PASSWORD = Pattern.compile("(:/{0,2}[^:/@\\s]*:)[^@\\s]*@");
  private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");
  private static final List<String> SECRETS = new ArrayList<>();

  private Redactor() {}

  /** Registers a secret to mask everywhere from now on. */
  public static synchronized void addSecret(String secret) {
    if (secret != null && secret.length() >= 1 && !SECRETS.contains(secret)) {
      SECRETS.add(secret);
      String encoded = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
      if (!encoded.equals(secret)) {
        SECRETS.add(encoded);
      }
    }
  }

  public static synchronized String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    result = PARAM_PASSWORD.matcher(result).replaceAll("$1" + MASK);
    for (String secret : SECRETS) {
      if (secret.length() >= 3 || result.contains(":" + secret + "@")) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }
}
