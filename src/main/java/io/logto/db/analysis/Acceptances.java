package io.logto.db.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- logto:accept KIND OBJECT: REASON} comments that accept a known finding, and their
 * application to the findings (pure). A comment accepts only findings of its kind on its object:
 * a lock hazard of its own script, or a compatibility break of its script's version. A comment
 * that names no kind, gives no reason or accepts nothing is itself a finding (kind
 * {@code acceptance}), so acceptances cannot rot. Anywhere in the script counts; in the comment
 * lines before {@code -- alteration:up} it changes no checksum.
 */
public final class Acceptances {
  /** The comment, on a line of its own. */
  static final Pattern COMMENT = Pattern.compile("^[ \\t]*--[ \\t]*logto:accept\\b(?<rest>.*)$", Pattern.MULTILINE);
  private static final Pattern BODY = Pattern.compile("[ \\t]+(?<kind>[A-Za-z-]+)[ \\t]+(?<object>[^\\s:]+)[ \\t]*"
      + "(?::[ \\t]*(?<reason>.*?))?[ \\t]*");

  /** One acceptance: where it is written, what it names and why; an empty reason is a finding. */
  public record Acceptance(String file, String version, int line, String kind, String object, String reason) {}

  private Acceptances() {}

  /** The acceptances written in a script's text (the whole file, or a Java alteration's declared lines). */
  public static List<Acceptance> parse(String file, String version, String text) {
    List<Acceptance> found = new ArrayList<>();
    Matcher m = COMMENT.matcher(text);
    while (m.find()) {
      int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      Matcher body = BODY.matcher(m.group("rest"));
      if (body.matches()) {
        found.add(new Acceptance(file, version, line, body.group("kind").toLowerCase(Locale.ROOT), body.group("object"),
            Optional.ofNullable(body.group("reason")).orElse("").strip()));
      } else {
        found.add(new Acceptance(file, version, line, "", m.group("rest").strip(), ""));
      }
    }
    return found;
  }

  /** Java alterations declare theirs as {@code KIND OBJECT: REASON} strings. */
  public static List<Acceptance> declared(String file, String version, List<String> lines) {
    List<Acceptance> found = new ArrayList<>();
    for (String line : lines) {
      found.addAll(parse(file, version, "-- logto:accept " + line));
    }
    return found;
  }

  /**
   * The findings with those that an acceptance matches marked accepted (with its reason), followed by
   * a finding for every acceptance that is malformed or matches nothing.
   */
  public static List<Finding> apply(List<Finding> findings, List<Acceptance> acceptances) {
    List<Finding> result = new ArrayList<>();
    boolean[] used = new boolean[acceptances.size()];
    for (Finding finding : findings) {
      Finding outcome = finding;
      for (int i = 0; i < acceptances.size(); i++) {
        Acceptance a = acceptances.get(i);
        if (valid(a) && matches(a, finding)) {
          used[i] = true;
          outcome = finding.accept(a.reason());
          break;
        }
      }
      result.add(outcome);
    }
    for (int i = 0; i < acceptances.size(); i++) {
      problem(acceptances.get(i), used[i]).ifPresent(result::add);
    }
    return result;
  }

  private static boolean valid(Acceptance a) {
    return HazardKind.ofWord(a.kind()).filter(k -> k != HazardKind.ACCEPTANCE).isPresent() && !a.reason().isEmpty();
  }

  static boolean matches(Acceptance a, Finding finding) {
    if (!finding.kind().word().equals(a.kind()) || !finding.object().equalsIgnoreCase(a.object())) {
      return false;
    }
    return finding.kind().isLock() ? finding.file().equals(a.file()) : finding.version().equals(a.version());
  }

  private static Optional<Finding> problem(Acceptance a, boolean used) {
    String comment = "'-- logto:accept " + (a.kind().isEmpty() ? a.object() : a.kind() + " " + a.object()) + "'";
    String fact;
    if (a.kind().isEmpty()) {
      fact = comment + " is not of the form '-- logto:accept KIND OBJECT: REASON'";
    } else if (HazardKind.ofWord(a.kind()).filter(k -> k != HazardKind.ACCEPTANCE).isEmpty()) {
      fact = comment + " names no kind of finding; the kinds are " + String.join(", ", kinds());
    } else if (a.reason().isEmpty()) {
      fact = comment + " gives no reason: write why the finding is acceptable after a colon";
    } else if (!used) {
      fact = comment + " accepts nothing: no " + a.kind() + " finding on " + a.object() + " in "
          + (HazardKind.ofWord(a.kind()).get().isLock() ? "this script" : "version " + a.version())
          + ". Remove it, or name the object as the finding does";
    } else {
      return Optional.empty();
    }
    return Optional.of(new Finding(HazardKind.ACCEPTANCE, a.object(), a.version(), a.file(), a.line(), "", fact));
  }

  private static List<String> kinds() {
    return java.util.Arrays.stream(HazardKind.values()).filter(k -> k != HazardKind.ACCEPTANCE)
        .map(HazardKind::word).toList();
  }

  /**
   * The acceptances of an alteration: a Java alteration's declared ones, else those in {@code text}
   * (the whole script file when known, so the lines before {@code -- alteration:up} count), else
   * those in its sections.
   */
  public static List<Acceptance> of(io.logto.db.alteration.Alteration alteration, Optional<String> text) {
    String version = alteration.version().toString();
    if (alteration.program().isPresent()) {
      return declared(alteration.fileName(), version, alteration.program().get().acceptedHazards());
    }
    return parse(alteration.fileName(), version, text.orElseGet(() -> sections(alteration)));
  }

  private static String sections(io.logto.db.alteration.Alteration alteration) {
    StringBuilder text = new StringBuilder();
    alteration.beforeUp().ifPresent(s -> text.append(s.sql()).append('\n'));
    text.append(alteration.up().sql());
    return text.toString();
  }
}
