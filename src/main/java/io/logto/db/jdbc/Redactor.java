package io.logto.db.jdbc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed or logged, by what the text is, never by
 * masking more than the secret:
 * <ul>
 *   <li>the password of any {@code scheme://user:password@host} URL: what stands between the
 *       first {@code :} after {@code //} and the URL's last {@code @} (so a password with an
 *       unencoded {@code @}, {@code /}, {@code ?} or {@code #} is masked whole);
 *       an authority that is not {@code [user[:password]@]host[:port],...} is masked whole;</li>
 *   <li>{@code password=} parameters;</li>
 *   <li>each registered password (raw and URL-encoded) where it stands as a word of its own,
 *       except as a URL's scheme and unless it is also a name the connection shows (its user,
 *       database or host, see {@link #addName}): {@code PGPASSWORD=postgres} must not turn
 *       {@code postgres://postgres@host} into {@code ***://***@host}.</li>
 * </ul>
 */
public final class Redactor {
  public static final String MASK = "***";
  /**
   * user:password@ after a scheme written without '//' ({@code postgres:/u:pw@h}, {@code postgres:u:pw@h}):
   * to the last '@' before a blank.
   */
  private static final Pattern MISTYPED_URL_PASSWORD = Pattern.compile("(:/?[^:/@\\s]*:)\\S*@");
  private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");
  /** An authority without user information: host[:port], comma-separated, IPv6 in brackets. */
  private static final String HOST = "(?:\\[[0-9A-Za-z:.%]+\\]|[^\\s:/?#\\[\\]@,]+)(?::\\d{1,5})?";
  static final Pattern HOSTS = Pattern.compile(HOST + "(?:," + HOST + ")*");
  /** Registered passwords, masked as words of their own from now on. */
  private static final List<String> SECRETS = new ArrayList<>();
  /** Names the connection shows: a password equal to one is masked only where it stands as a password. */
  private static final Set<String> NAMES = new HashSet<>();

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

  /**
   * Registers a name that messages show (a user, database or host name): a registered password
   * equal to it is masked only in a URL's password position and in {@code password=} parameters.
   */
  public static synchronized void addName(String name) {
    if (name != null && !name.isEmpty()) {
      NAMES.add(name);
    }
  }

  public static synchronized String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : SECRETS) {
      if (secret.length() >= 3 && !NAMES.contains(secret)) {
        result = maskWords(result, secret);
      } else {
        result = result.replace(":" + secret + "@", ":" + MASK + "@"); // short: only as user:password@
      }
    }
    result = maskUrls(result);
    result = MISTYPED_URL_PASSWORD.matcher(result).replaceAll("$1" + MASK + "@");
    return PARAM_PASSWORD.matcher(result).replaceAll("$1" + MASK);
  }

  /**
   * {@code url}, one URL as a user wrote it (it may hold blanks), with its password masked as
   * {@link #redact} masks a URL's. Text without {@code ://} is redacted as any text.
   */
  public static synchronized String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int slashes = url.indexOf("://");
    if (slashes < 0) {
      return redact(url);
    }
    int[] mask = passwordOf(url, slashes + 3, url.length());
    return redact(mask == null ? url : url.substring(0, mask[0]) + MASK + url.substring(mask[1]));
  }

  /** The password of every {@code scheme://...} in {@code text}, each URL running to the next blank. */
  private static String maskUrls(String text) {
    int slashes = text.indexOf("://");
    if (slashes < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (slashes >= 0) {
      int start = slashes + 3;
      int end = start;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      int[] mask = passwordOf(text, start, end);
      if (mask != null) {
        out.append(text, copied, mask[0]).append(MASK);
        copied = mask[1];
      }
      slashes = text.indexOf("://", end);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Where the password of the URL in {@code text[start, end)} ({@code start} just after
   * {@code //}) starts and ends, or null when it has none. The user information ends at the URL's
   * last '@' (so a password holding an unencoded '@', '/', '?' or '#' is masked whole; a URL with
   * an '@' after its host is refused by {@link DatabaseUrl}, whose message may mask a little more);
   * the password starts after its first ':'. Without an '@', an authority (up to the first '/',
   * '?' or '#') that is not {@code host[:port],...} is masked whole: it may be
   * {@code user:password} with the host forgotten.
   */
  private static int[] passwordOf(String text, int start, int end) {
    int at = text.lastIndexOf('@', end - 1);
    if (at >= start) {
      int colon = text.indexOf(':', start);
      return colon >= 0 && colon < at ? new int[] {colon + 1, at} : null;
    }
    int authorityEnd = start;
    while (authorityEnd < end && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int hostsEnd = authorityEnd;
    while (hostsEnd > start && ".,;:!)]'\"".indexOf(text.charAt(hostsEnd - 1)) >= 0) {
      hostsEnd--; // prose after a URL without a path: "postgres://h:5432, then"
    }
    if (hostsEnd == start || HOSTS.matcher(text.substring(start, hostsEnd)).matches()) {
      return null;
    }
    return new int[] {start, authorityEnd};
  }

  /**
   * {@code text} with {@code secret} masked where it stands as a word of its own (no letter, digit
   * or '_' joins it on a side where the secret has one), except as a URL's scheme ({@code secret://})
   * or user ({@code //secret@}, {@code //secret:}, where a password never stands).
   */
  private static String maskWords(String text, String secret) {
    int at = text.indexOf(secret);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (at >= 0) {
      int end = at + secret.length();
      boolean alone = (at == 0 || !isWordChar(text.charAt(at - 1)) || !isWordChar(secret.charAt(0)))
          && (end == text.length() || !isWordChar(text.charAt(end)) || !isWordChar(secret.charAt(secret.length() - 1)));
      boolean scheme = text.startsWith("://", end);
      boolean user = at >= 2 && text.startsWith("//", at - 2) && end < text.length()
          && (text.charAt(end) == '@' || text.charAt(end) == ':');
      if (alone && !scheme && !user) {
        out.append(text, copied, at).append(MASK);
        copied = end;
      }
      at = text.indexOf(secret, end);
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
