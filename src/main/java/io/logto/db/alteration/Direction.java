package io.logto.db.alteration;

/** Which way an alteration runs. {@link #function()} is the Logto wording ({@code up()}). */
public enum Direction {
  UP("up"),
  DOWN("down");

  private final String word;

  Direction(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public String function() {
    return "`" + word + "()`";
  }
}
