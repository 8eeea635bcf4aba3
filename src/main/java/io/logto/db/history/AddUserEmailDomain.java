package io.logto.db.history;

import io.logto.db.alteration.JavaAlteration;
import java.net.IDN;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * 1.3.0: users get {@code email_domain}, the ASCII (IDNA) form of their e-mail's domain, for
 * enterprise sign-in by domain. Converting internationalised domain names needs
 * {@link IDN#toASCII}, which SQL does not have, hence a Java alteration.
 */
public final class AddUserEmailDomain implements JavaAlteration {
  @Override
  public String name() {
    return "1.3.0-1700500100-add-user-email-domain";
  }

  @Override
  public void up(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("alter table users add column email_domain varchar(253)");
    }
    try (Statement select = connection.createStatement();
        ResultSet rs = select.executeQuery("select id, primary_email from users where primary_email is not null");
        PreparedStatement update = connection.prepareStatement("update users set email_domain = ? where id = ?")) {
      int batched = 0;
      while (rs.next()) {
        Optional<String> domain = domainOf(rs.getString(2));
        if (domain.isPresent()) {
          update.setString(1, domain.get());
          update.setString(2, rs.getString(1));
          update.addBatch();
          if (++batched % 1000 == 0) {
            update.executeBatch();
          }
        }
      }
      update.executeBatch();
    }
    try (Statement st = connection.createStatement()) {
      st.execute("create index users__tenant_id__email_domain on users (tenant_id, email_domain)");
    }
  }

  @Override
  public List<String> acceptedHazards() {
    return List.of("index-build users: released as is and already run on deployed databases; changing it would"
        + " change its revision and mark it edited everywhere");
  }

  @Override
  public void down(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("drop index users__tenant_id__email_domain");
      st.execute("alter table users drop column email_domain");
    }
  }

  /** The lower-case ASCII domain of an address, or empty when it has none or it is not a valid name. */
  static Optional<String> domainOf(String email) {
    int at = email.lastIndexOf('@');
    if (at < 0 || at == email.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(IDN.toASCII(email.substring(at + 1).strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
