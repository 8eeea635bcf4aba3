package io.logto.db.state;

import java.math.BigDecimal;
import java.util.Optional;

/** The recorded state: the timestamp of the newest applied alteration (0: none) and when it changed. */
public record AlterationState(BigDecimal timestamp, Optional<String> updatedAt) {
  public static final AlterationState NONE = new AlterationState(BigDecimal.ZERO, Optional.empty());
}
