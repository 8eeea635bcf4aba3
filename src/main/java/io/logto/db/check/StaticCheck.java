package io.logto.db.check;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.AlterationVersion;
import io.logto.db.error.LogtoException;
import io.logto.db.alteration.Version;
import io.logto.db.script.ScriptFile;
import io.logto.db.script.ScriptName;
import io.logto.db.script.SectionParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks that need no database, each problem reported and none stopping the others: file
 * names (pattern, version, timestamps of at most 10 digits, name part), sections (up present and
 * not empty, SQL the splitter can split, down present unless the script is declared
 * {@code -- alteration:irreversible}), unique timestamps, and version order (every script of a
 * version newer than all scripts of lower versions, {@code next} scripts newest).
 */
public final class StaticCheck {
  /** A loose form of the file-name pattern, to say which part of a bad name is wrong. */
  private static final Pattern LOOSE = Pattern.compile(
      "(?<version>.+?)-(?<seconds>\\d+)(?<fraction>\\.\\d+)?-(?<name>.+)\\.sql");
  private static final Pattern NAME_PART = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

  /**
   * The alterations that could be read, every problem found, and whether the history can be
   * deployed version by version (no unreadable script, no duplicate timestamp, versions in order).
   */
  public record Result(List<Alteration> alterations, List<Problem> problems, boolean deployable) {
    public Result {
      alterations = List.copyOf(alterations);
      problems = List.copyOf(problems);
    }

    /** The newest alteration without a down section (declared irreversible or not), if any. */
    public Optional<Alteration> newestIrreversible() {
      return alterations.stream().filter(a -> !a.isReversible()).max(Comparator.comparing(Alteration::timestamp));
    }
  }

  /** A script's identity from its name alone, enough for the timestamp and order checks. */
  private record Named(String fileName, AlterationVersion version, BigDecimal timestamp) {}

  private final List<Problem> problems = new ArrayList<>();
  private final List<Alteration> alterations = new ArrayList<>();
  private final List<Named> named = new ArrayList<>();
  private boolean unreadable;

  private StaticCheck() {}

  /** Checks the files (and Java alterations) read by {@link ScriptSource}. */
  static Result run(ScriptSource.Contents contents) {
    return run(contents.files(), contents.javaAlterations(), contents.problems());
  }

  /** Checks script files and already built (Java) alterations; {@code earlier} are problems met while reading. */
  public static Result run(List<ScriptFile> files, List<Alteration> javaAlterations, List<Problem> earlier) {
    StaticCheck check = new StaticCheck();
    check.problems.addAll(earlier);
    check.unreadable = !earlier.isEmpty();
    for (ScriptFile file : files) {
      check.file(file);
    }
    for (Alteration java : javaAlterations) {
      check.alterations.add(java);
      check.named.add(new Named(java.fileName(), java.version(), java.timestamp()));
    }
    check.named.sort(Comparator.comparing(Named::timestamp).thenComparing(Named::fileName));
    boolean unique = check.uniqueTimestamps();
    boolean ordered = check.versionsInOrder();
    check.alterations.sort(Comparator.comparing(Alteration::timestamp).thenComparing(Alteration::fileName));
    return new Result(check.alterations, check.problems, !check.unreadable && unique && ordered);
  }

  private void file(ScriptFile file) {
    String fileName = file.fileName();
    Optional<String> nameProblem = nameProblem(fileName);
    if (nameProblem.isPresent()) {
      problem(fileName, nameProblem.get());
      unreadable = true;
      return;
    }
    ScriptName name = ScriptName.parse(fileName);
    named.add(new Named(fileName, name.version(), name.timestamp()));
    SectionParser.Sections sections;
    try {
      sections = SectionParser.parse(fileName, file.content());
    } catch (LogtoException e) {
      problem(fileName, withoutFileName(e.getMessage(), fileName));
      unreadable = true;
      return;
    }
    if (sections.down().isEmpty() && !sections.irreversible()) {
      problem(fileName, "it has no '-- alteration:down' section. Add one that reverts the up section, or, if it"
          + " cannot be reverted, declare it with a line '-- alteration:irreversible'");
    }
    alterations.add(new Alteration(fileName, name.version(), name.timestamp(), name.name(), sections.up(),
        sections.down(), sections.beforeUp(), sections.beforeDown(), file.location(), sections.irreversible()));
  }

  /** What is wrong with a file name, precisely; empty when it follows the pattern. */
  static Optional<String> nameProblem(String fileName) {
    if (ScriptName.isValid(fileName)) {
      return Optional.empty();
    }
    String rename = ". Rename it to " + ScriptName.PATTERN_HELP;
    if (!fileName.endsWith(".sql")) {
      return Optional.of("is not an alteration script (its name does not end in .sql)" + rename);
    }
    Matcher m = LOOSE.matcher(fileName);
    if (!m.matches()) {
      return Optional.of("its name does not match the pattern" + rename);
    }
    String version = m.group("version");
    if (version.contains("-") && Version.isValid(version)) {
      return Optional.of("its version '" + version + "' must be written with '_' instead of '-' in file names ("
          + version.replace('-', '_') + "). Rename it to " + fileName.replace(version, version.replace('-', '_')));
    }
    if (!version.equals(AlterationVersion.NEXT_TAG) && !Version.isValid(version.replace('_', '-'))) {
      return Optional.of("its version '" + version + "' is not a semantic version or next" + rename);
    }
    String seconds = m.group("seconds");
    if (seconds.length() > 10) {
      return Optional.of("its timestamp " + seconds + (m.group("fraction") == null ? "" : m.group("fraction"))
          + " has " + seconds.length() + " digits before the fraction, but Unix seconds have at most 10"
          + " (milliseconds?). Use seconds, e.g. " + seconds.substring(0, 10));
    }
    if (!NAME_PART.matcher(m.group("name")).matches()) {
      return Optional.of("its name part '" + m.group("name") + "' must be lower-case words (a-z, 0-9) joined by"
          + " '-'" + rename);
    }
    try {
      ScriptName.parse(fileName);
      return Optional.empty();
    } catch (LogtoException e) {
      return Optional.of(withoutFileName(e.getMessage(), fileName));
    }
  }

  /** Drops the "Alteration X is invalid: " lead of a discovery message, since the report names the file. */
  private static String withoutFileName(String message, String fileName) {
    for (String lead : List.of("Alteration " + fileName + " is invalid: ",
        "Alteration file " + fileName + " has an invalid name: ")) {
      if (message.startsWith(lead)) {
        String rest = message.substring(lead.length());
        return rest.endsWith(".") ? rest.substring(0, rest.length() - 1) : rest;
      }
    }
    return message;
  }

  private boolean uniqueTimestamps() {
    Map<BigDecimal, Named> first = new HashMap<>();
    boolean unique = true;
    for (Named script : named) {
      Named earlier = first.putIfAbsent(script.timestamp().stripTrailingZeros(), script);
      if (earlier != null) {
        unique = false;
        problem(script.fileName(), "it has the same timestamp " + script.timestamp().toPlainString() + " as "
            + earlier.fileName() + ". Timestamps order alterations and must be unique: give it a new one");
      }
    }
    return unique;
  }

  /** Every script must be newer than all scripts of lower versions; blames the newer version's script. */
  private boolean versionsInOrder() {
    boolean ordered = true;
    for (Named script : named) {
      Optional<Named> blocker = named.stream()
          .filter(other -> other.version().compareTo(script.version()) < 0)
          .filter(other -> other.timestamp().compareTo(script.timestamp()) > 0)
          .max(Comparator.comparing(Named::timestamp));
      if (blocker.isPresent()) {
        ordered = false;
        Named lower = blocker.get();
        String rule = script.version().isNext()
            ? "unreleased (next) scripts must be newer than every released one"
            : "every script of a version must be newer than all scripts of lower versions";
        problem(script.fileName(), "its version " + script.version() + " is above " + lower.version()
            + " but it is older than " + lower.fileName() + " (timestamp " + script.timestamp().toPlainString()
            + " < " + lower.timestamp().toPlainString() + "): " + rule + ". Give it a timestamp above "
            + lower.timestamp().toPlainString());
      }
    }
    return ordered;
  }

  private void problem(String object, String message) {
    problems.add(new Problem(Problem.STATIC, object, message));
  }
}
