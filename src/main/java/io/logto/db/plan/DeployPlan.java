package io.logto.db.plan;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Version;
import java.util.List;
import java.util.Optional;

/**
 * The alterations to deploy, in timestamp order, and the resolved target ({@code next} or a
 * version; empty when {@code latest} found nothing released to deploy).
 */
public record DeployPlan(Optional<String> target, List<Alteration> alterations, List<Alteration> leftPending) {
  public DeployPlan {
    alterations = List.copyOf(alterations);
    leftPending = List.copyOf(leftPending);
  }


  static Optional<String> label(Version version) {
    return Optional.of(version.toString());
  }
}
