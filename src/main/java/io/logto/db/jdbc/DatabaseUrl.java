package io.logto.db.jdbc;

import io.logto.db.alteration.LogtoException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database location as users write it: {@code postgres://user:pw@host:5432/db?sslmode=require},
 * {@code postgresql://...}, {@code jdbc:postgresql://...} or {@code embedded:DIR}. Holds the JDBC
 * URL without credentials, the credentials as properties, and a redacted form for messages.
 */
public record DatabaseUrl(String jdbcUrl, Properties credentials, String redacted, Optional<Path> embeddedDirectory) {
  private static final Pattern HOST_PORT =
      Pattern.compile("jdbc:postgresql://\\[?([^/:?,\\]]*)\\]?(?::(\\d+))?(?:/([^?]*))?.*");
  private static final Pattern URI = Pattern.compile(
      "(?i)postgres(?:ql)?://(?:(?<user>[^:@/?#]*)(?::(?<password>[^@/?#]*))?@)?(?<hosts>[^/?#]*)(?<path>/[^?#]*)?(?:\\?(?<query>[^#]*))?");
  public static final String FORMS = "postgres://USER@HOST:5432/DATABASE (with a password: USER:PASSWORD@HOST), "
      + "jdbc:postgresql://host:5432/database or embedded:DIR";

  public static DatabaseUrl parse(String raw) {
    String text = raw.trim();
    if (text.startsWith("embedded:")) {
      String dir = text.substring("embedded:".length());
      if (dir.isBlank()) {
        throw LogtoException.usage("The database URL embedded: names no directory. Use embedded:DIR, for example embedded:./.logto-db.");
      }
      return new DatabaseUrl("", new Properties(), text, Optional.of(Path.of(dir).toAbsolutePath().normalize()));
    }
    if (text.startsWith("jdbc:postgresql:")) {
      Properties none = new Properties();
      Matcher pw = Pattern.compile("(?i)[?&]password=([^&]*)").matcher(text);
      if (pw.find()) {
        Redactor.addSecret(decode(pw.group(1)));
      }
      return new DatabaseUrl(text, none, Redactor.redact(text), Optional.empty());
    }
    Matcher m = URI.matcher(text);
    if (!m.matches() || m.group("hosts").isEmpty()) {
      throw LogtoException.usage("Invalid database URL '" + Redactor.redact(text) + "': expected " + FORMS + ".");
    }
    Properties credentials = new Properties();
    String user = m.group("user");
    String password = m.group("password");
    if (user != null && !user.isEmpty()) {
      credentials.setProperty("user", decode(user));
    }
    if (password != null) {
      String decoded = decode(password);
      Redactor.addSecret(decoded);
      Redactor.addSecret(password);
      credentials.setProperty("password", decoded);
    }
    String path = m.group("path") == null ? "/" : m.group("path");
    String query = m.group("query");
    String jdbc = "jdbc:postgresql://" + m.group("hosts") + path + (query == null || query.isEmpty() ? "" : "?" + query);
    String shown = "postgres://" + (user == null ? "" : user + (password == null ? "" : ":" + Redactor.MASK) + "@")
        + m.group("hosts") + path + (query == null || query.isEmpty() ? "" : "?" + query);
    return new DatabaseUrl(jdbc, credentials, Redactor.redact(shown), Optional.empty());
  }

  /** The first host of a TCP URL, if there is one. */
  public Optional<String> host() {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    return m.matches() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The port of a TCP URL (5432 when not written). */
  public Optional<Integer> port() {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    return m.matches() ? Optional.of(m.group(2) == null ? 5432 : Integer.parseInt(m.group(2))) : Optional.empty();
  }

  /** The database name of a TCP URL, if written. */
  public Optional<String> database() {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    return m.matches() && m.group(3) != null && !m.group(3).isEmpty() ? Optional.of(decode(m.group(3))) : Optional.empty();
  }

  /**
   * This URL with a password from PGPASSWORD or the password file when it has none, the way
   * libpq fills it in.
   */
  public DatabaseUrl withPasswordFrom(java.util.Map<String, String> env) {
    if (isEmbedded() || credentials.containsKey("password") || jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      return this;
    }
    String user = credentials.getProperty("user", env.getOrDefault("PGUSER", System.getProperty("user.name")));
    Optional<String> password = PgEnvironment.password(env, host().orElse("localhost"),
        String.valueOf(port().orElse(5432)), database().orElse(user), user);
    if (password.isEmpty()) {
      return this;
    }
    Redactor.addSecret(password.get());
    Properties filled = new Properties();
    filled.putAll(credentials);
    filled.setProperty("user", user);
    filled.setProperty("password", password.get());
    return new DatabaseUrl(jdbcUrl, filled, redacted, embeddedDirectory);
  }

  public boolean isEmbedded() {
    return embeddedDirectory.isPresent();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  @Override
  public String toString() {
    return redacted;
  }
}
