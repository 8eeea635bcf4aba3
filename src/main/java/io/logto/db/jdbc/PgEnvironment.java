package io.logto.db.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What psql users expect: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER},
 * {@code PGPASSWORD}, and passwords from {@code ~/.pgpass} (or {@code PGPASSFILE}), so a password
 * need not be on the command line.
 */
public final class PgEnvironment {
  private PgEnvironment() {}

  /** A URL built from the PG* variables, when any of PGHOST, PGPORT, PGDATABASE is set. */
  public static Optional<String> url(Map<String, String> env) {
    if (!env.containsKey("PGHOST") && !env.containsKey("PGDATABASE") && !env.containsKey("PGPORT")) {
      return Optional.empty();
    }
    String host = env.getOrDefault("PGHOST", "localhost");
    String port = env.getOrDefault("PGPORT", "5432");
    String user = env.getOrDefault("PGUSER", System.getProperty("user.name"));
    String database = env.getOrDefault("PGDATABASE", user);
    return Optional.of("postgres://" + encode(user) + "@" + host + ":" + port + "/" + encode(database));
  }

  /** The password for a connection: PGPASSWORD, else the first matching line of the password file. */
  public static Optional<String> password(Map<String, String> env, String host, String port, String database,
      String user) {
    String fromEnv = env.get("PGPASSWORD");
    if (fromEnv != null) {
      return Optional.of(fromEnv);
    }
    Path file = env.containsKey("PGPASSFILE") ? Path.of(env.get("PGPASSFILE"))
        : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".pgpass");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return match(Files.readAllLines(file, StandardCharsets.UTF_8), host, port, database, user);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The password of the first {@code host:port:database:user:password} line that matches ({@code *} matches all). */
  public static Optional<String> match(List<String> lines, String host, String port, String database, String user) {
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = splitFields(line);
      if (fields.size() < 5) {
        continue;
      }
      if (matches(fields.get(0), host) && matches(fields.get(1), port) && matches(fields.get(2), database)
          && matches(fields.get(3), user)) {
        return Optional.of(fields.get(4));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value)
        || (pattern.equals("localhost") && ("127.0.0.1".equals(value) || "::1".equals(value)));
  }

  private static List<String> splitFields(String line) {
    List<String> fields = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        current.append(line.charAt(++i));
      } else if (c == ':' && fields.size() < 4) {
        fields.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    fields.add(current.toString());
    return fields;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
