package io.logto.db.run;

import io.logto.db.alteration.Alteration;
import io.logto.db.alteration.Direction;
import java.time.Duration;
import java.util.List;

/** Several listeners as one. */
public final class RunListeners implements RunListener {
  private final List<RunListener> listeners;

  private RunListeners(List<RunListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public static RunListener of(RunListener... listeners) {
    return new RunListeners(List.of(listeners));
  }

  @Override
  public void started(Alteration alteration, Direction direction) {
    listeners.forEach(l -> l.started(alteration, direction));
  }

  @Override
  public void succeeded(Alteration alteration, Direction direction, Duration duration) {
    listeners.forEach(l -> l.succeeded(alteration, direction, duration));
  }

  @Override
  public void alreadyDone(Alteration alteration, Direction direction) {
    listeners.forEach(l -> l.alreadyDone(alteration, direction));
  }

  @Override
  public void waitingForLock(String holder) {
    listeners.forEach(l -> l.waitingForLock(holder));
  }

  @Override
  public void droppedInvalidIndex(Alteration alteration, Direction direction, String name) {
    listeners.forEach(l -> l.droppedInvalidIndex(alteration, direction, name));
  }

  @Override
  public void retrying(Alteration alteration, int attempt, int retries, Duration delay, String reason) {
    listeners.forEach(l -> l.retrying(alteration, attempt, retries, delay, reason));
  }

  @Override
  public boolean wantsStatements() {
    return listeners.stream().anyMatch(RunListener::wantsStatements);
  }

  @Override
  public void finished() {
    listeners.forEach(RunListener::finished);
  }

  @Override
  public void statementExecuted(String sql, Duration duration) {
    listeners.forEach(l -> l.statementExecuted(sql, duration));
  }
}
