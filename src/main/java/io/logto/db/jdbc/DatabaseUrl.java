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
  private static final Pattern URI = Pattern.compile(
      "(?i)postgres(?:ql)?://(?:(?<user>[^:@/?#]*)(?::(?<password>[^@/?#]*))?@)?(?<hosts>[^/?#]*)(?<path>/[^?#]*)?(?:\\?(?<query>[^#]*))?");
  public static final String FORMS = "postgres://user:password@host:5432/database, "
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
