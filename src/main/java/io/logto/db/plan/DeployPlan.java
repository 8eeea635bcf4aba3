package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Version;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The alterations to deploy, in timestamp order, and the resolved target ({@code next} or a
 * version; empty when {@code latest} found nothing released to deploy), and {@code from}, the state
 * timestamp the plan was made at (a run stops when another command moves the state below it).
 */
public record DeployPlan(Optional<String> target, List<Alteration> alterations, List<Alteration> leftPending,
    BigDecimal from) {
  public DeployPlan {
    alterations = List.copyOf(alterations);
    leftPending = List.copyOf(leftPending);
  }


  static Optional<String> label(Version version) {
    return Optional.of(version.toString());
  }
}
