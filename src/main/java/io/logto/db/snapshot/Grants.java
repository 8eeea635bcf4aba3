package io.logto.db.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The privileges granted on an object: for each grantee ({@code PUBLIC} for everyone), its
 * privileges by name ({@code SELECT}, {@code SELECT WITH GRANT OPTION}...). Read from an ACL, in
 * which the default ACL stands for "no explicit grants" so a GRANT undone by a REVOKE compares equal.
 * Who granted a privilege is not compared, and the owner's privileges are those of {@link #OWNER}
 * whatever its name.
 */
public record Grants(SortedMap<String, SortedSet<String>> privileges) {
  public static final Grants NONE = new Grants(new TreeMap<>());
  /** The grantee that stands for the object's owner, whatever its name. */
  public static final String OWNER = "the owner";
  private static final Map<Character, String> NAMES = Map.ofEntries(
      Map.entry('r', "SELECT"), Map.entry('w', "UPDATE"), Map.entry('a', "INSERT"), Map.entry('d', "DELETE"),
      Map.entry('D', "TRUNCATE"), Map.entry('x', "REFERENCES"), Map.entry('t', "TRIGGER"),
      Map.entry('X', "EXECUTE"), Map.entry('U', "USAGE"), Map.entry('C', "CREATE"), Map.entry('c', "CONNECT"),
      Map.entry('T', "TEMPORARY"), Map.entry('m', "MAINTAIN"), Map.entry('s', "SET"),
      Map.entry('A', "ALTER SYSTEM"));

  public Grants {
    SortedMap<String, SortedSet<String>> copy = new TreeMap<>();
    privileges.forEach((grantee, set) -> copy.put(grantee, Collections.unmodifiableSortedSet(new TreeSet<>(set))));
    privileges = Collections.unmodifiableSortedMap(copy);
  }

  /** Parses ACL items as PostgreSQL prints them: {@code grantee=privileges/grantor}. */
  public static Grants parse(Collection<String> aclItems) {
    return parse(aclItems, null);
  }

  /** {@link #parse(Collection)}, with the privileges of role {@code owner} (if not null) as those of {@link #OWNER}. */
  public static Grants parse(Collection<String> aclItems, String owner) {
    SortedMap<String, SortedSet<String>> privileges = new TreeMap<>();
    for (String item : aclItems) {
      int[] end = new int[1];
      String grantee = readRole(item, 0, end);
      if (end[0] >= item.length() || item.charAt(end[0]) != '=') {
        throw new IllegalArgumentException("not an ACL item: " + item);
      }
      int slash = item.lastIndexOf('/');
      String letters = item.substring(end[0] + 1, slash < end[0] ? item.length() : slash);
      String who = grantee.isEmpty() ? "PUBLIC" : grantee.equals(owner) ? OWNER : grantee;
      SortedSet<String> names = privileges.computeIfAbsent(who, g -> new TreeSet<>());
      for (int i = 0; i < letters.length(); i++) {
        String name = NAMES.getOrDefault(letters.charAt(i), "privilege '" + letters.charAt(i) + "'");
        boolean grantOption = i + 1 < letters.length() && letters.charAt(i + 1) == '*';
        if (grantOption) {
          i++;
        }
        names.add(grantOption ? name + " WITH GRANT OPTION" : name);
      }
    }
    privileges.values().removeIf(SortedSet::isEmpty);
    return new Grants(privileges);
  }

  /** A role name at {@code from}, unquoting a double-quoted one; {@code end[0]} is set past it. */
  private static String readRole(String text, int from, int[] end) {
    if (from < text.length() && text.charAt(from) == '"') {
      StringBuilder name = new StringBuilder();
      int i = from + 1;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          name.append('"');
          i += 2;
        } else if (c == '"') {
          i++;
          break;
        } else {
          name.append(c);
          i++;
        }
      }
      end[0] = i;
      return name.toString();
    }
    int eq = text.indexOf('=', from);
    end[0] = eq < 0 ? text.length() : eq;
    return text.substring(from, end[0]);
  }

  /** The privileges of {@code grantee}, empty when it has none. */
  public SortedSet<String> of(String grantee) {
    return privileges.getOrDefault(grantee, Collections.emptySortedSet());
  }

  /** Every grantee of either set, sorted. */
  static List<String> grantees(Grants a, Grants b) {
    TreeSet<String> all = new TreeSet<>(a.privileges.keySet());
    all.addAll(b.privileges.keySet());
    return new ArrayList<>(all);
  }
}
