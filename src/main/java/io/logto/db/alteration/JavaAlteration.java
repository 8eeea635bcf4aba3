package io.logto.db.alteration;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An alteration written in Java, for data moves that need logic. Implementations are found with
 * {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/io.logto.db.alteration.JavaAlteration}) and are ordered, locked,
 * journalled and rolled back exactly like SQL scripts.
 *
 * <p>{@link #up} and {@link #down} run inside the alteration's transaction: use the connection,
 * never commit, roll back or change its auto-commit. {@link #beforeUp} / {@link #beforeDown}, when
 * overridden, run before it in auto-commit mode and must be re-runnable.
 */
public interface JavaAlteration {
  /** The alteration's name in the file-name form without {@code .sql}: {@code 1.3.0-1700500100-add-email-domain}. */
  String name();

  void up(Connection connection) throws SQLException;

  void down(Connection connection) throws SQLException;

  /** False for an alteration that cannot be reverted: a rollback across it fails before anything runs. */
  default boolean reversible() {
    return true;
  }

  default void beforeUp(Connection connection) throws SQLException {}

  default void beforeDown(Connection connection) throws SQLException {}

  /**
   * The checksum input: bump it when the logic changes (the journal then reports the applied
   * alteration as edited). Class bytes are not used, because a new compiler would change them.
   */
  default String revision() {
    return "1";
  }

  /**
   * Hazards found by {@code check} that this alteration accepts, each written as
   * {@code KIND OBJECT: REASON} (the text of a script's {@code -- logto:accept} comment, see
   * docs/check.md), e.g. {@code "index-build users: users is small in every deployment"}.
   */
  default java.util.List<String> acceptedHazards() {
    return java.util.List.of();
  }
}
