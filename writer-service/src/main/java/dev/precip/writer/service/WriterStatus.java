package dev.precip.writer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the last attempt to write a batch succeeded; read by the readiness check. */
@ApplicationScoped
public class WriterStatus {

  /** The failure of the last attempt, when it failed. */
  public record Failure(String error, Instant at) {}

  private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

  public void succeeded() {
    lastFailure.set(null);
  }

  public void failed(Throwable error) {
    lastFailure.set(new Failure(error.toString(), Instant.now()));
  }

  public Optional<Failure> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }
}
