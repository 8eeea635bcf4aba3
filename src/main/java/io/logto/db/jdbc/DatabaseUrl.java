package io.logto.db.jdbc;

import io.logto.db.error.LogtoException;
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
  private static final Pattern SCHEME = Pattern.compile("(?i)postgres(?:ql)?://");
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
      Matcher user = Pattern.compile("(?i)[?&]user=([^&]*)").matcher(text);
      if (user.find()) {
        Redactor.addName(decode(user.group(1)));
      }
      return new DatabaseUrl(text, none, Redactor.redact(text), Optional.empty());
    }
    return parseUri(text);
  }

  /**
   * A {@code postgres://} URL. The authority runs from {@code //} to the first '/', '?' or '#';
   * its last '@' ends the user information, as browsers and Node (the Logto CLI) read it, so a
   * password with an unencoded '@' works; the first ':' of the user information ends the user.
   */
  private static DatabaseUrl parseUri(String text) {
    // Long: one pass in the order it must happen (the password reaches the Redactor before any check can print the URL)
    Matcher scheme = SCHEME.matcher(text);
    if (!scheme.lookingAt()) {
      throw invalid(text, "");
    }
    int start = scheme.end();
    int authorityEnd = start;
    while (authorityEnd < text.length() && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = text.substring(start, authorityEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at);
    String hosts = authority.substring(at + 1);
    String user = userInfo == null ? null : userInfo.substring(0, colonOr(userInfo));
    String password = userInfo == null || colonOr(userInfo) == userInfo.length() ? null
        : userInfo.substring(colonOr(userInfo) + 1);
    if (password != null) {
      Redactor.addSecret(decode(password));
      Redactor.addSecret(password);
    }
    if (hosts.isEmpty() || !Redactor.HOSTS.matcher(hosts).matches()) {
      throw invalid(text, hosts.isEmpty() ? "it names no host" : "what follows // is not"
          + " [USER[:PASSWORD]@]HOST[:PORT] (a port is a number; percent-encode '/', '?' and '#' in a password"
          + " as %2F, %3F and %23)");
    }
    String rest = text.substring(authorityEnd);
    int queryAt = rest.indexOf('?');
    String path = queryAt < 0 ? rest : rest.substring(0, queryAt);
    String query = queryAt < 0 ? "" : rest.substring(queryAt + 1);
    if (path.indexOf('#') >= 0 || query.indexOf('#') >= 0) {
      throw invalid(text, "it has a '#' fragment (percent-encode '#' in a password as %23)");
    }
    if (rest.indexOf('@') >= 0) {
      // a password holding '/' or '?' ends the authority early: 'postgres://u:a/b@host/db' is not host 'a'
      throw invalid(text, "it has an '@' after the host (percent-encode '/' and '?' in a password as %2F and %3F,"
          + " and '@' elsewhere as %40)");
    }
    path = path.isEmpty() ? "/" : path;
    Properties credentials = new Properties();
    if (user != null && !user.isEmpty()) {
      credentials.setProperty("user", decode(user));
      Redactor.addName(decode(user));
    }
    if (password != null) {
      credentials.setProperty("password", decode(password));
    }
    for (String host : hosts.split(",")) {
      Redactor.addName(host.replaceFirst(":\\d+$", ""));
    }
    Redactor.addName(decode(path.substring(1)));
    String jdbc = "jdbc:postgresql://" + hosts + path + (query.isEmpty() ? "" : "?" + query);
    String shown = "postgres://" + (user == null ? "" : user + (password == null ? "" : ":" + Redactor.MASK) + "@")
        + hosts + path + (query.isEmpty() ? "" : "?" + query);
    return new DatabaseUrl(jdbc, credentials, Redactor.redact(shown), Optional.empty());
  }

  private static int colonOr(String userInfo) {
    int colon = userInfo.indexOf(':');
    return colon < 0 ? userInfo.length() : colon;
  }

  /**
   * The error for a URL that cannot be read, showing it with whatever may be a password masked
   * ({@link Redactor#redactUrl}), and {@code problem} when there is one to name.
   */
  private static LogtoException invalid(String text, String problem) {
    return LogtoException.usage("Invalid database URL '" + Redactor.redactUrl(text) + "': "
        + (problem.isEmpty() ? "expected " : problem + ". Expected ") + FORMS + ".");
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
    Redactor.addName(user);
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
