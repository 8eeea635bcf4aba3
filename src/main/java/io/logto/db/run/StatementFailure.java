package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import io.logto.db.alteration.Section;
import io.logto.db.script.SqlStatement;
import java.sql.SQLException;

/** A statement of an alteration failed: carries what is needed to point into the script file. */
final class StatementFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final transient Alteration alteration;
  final Direction direction;
  final transient Section section;
  final transient SqlStatement statement;
  final boolean transactional;

  StatementFailure(Alteration alteration, Direction direction, Section section, SqlStatement statement,
      boolean transactional, SQLException cause) {
    super(cause.getMessage(), cause);
    this.alteration = alteration;
    this.direction = direction;
    this.section = section;
    this.statement = statement;
    this.transactional = transactional;
  }

  SQLException sqlException() {
    return (SQLException) getCause();
  }

  String sqlState() {
    return sqlException().getSQLState() == null ? "" : sqlException().getSQLState();
  }
}
