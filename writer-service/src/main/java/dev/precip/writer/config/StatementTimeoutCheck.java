package dev.precip.writer.config;

import dev.precip.writer.messaging.RecordBatchProcessor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start when {@code writer.statement-timeout} is not safely shorter than the records
 * consumer's {@code session.timeout.ms}: a killed writer's statement has then ended before the
 * group can give its partitions to another writer, and the settlement of its unsettled batch does
 * not wait for it.
 */
@ApplicationScoped
public class StatementTimeoutCheck {

  /** Kafka's default {@code session.timeout.ms}. */
  static final long KAFKA_DEFAULT_SESSION_TIMEOUT_MS = 45_000;

  void check(@Observes StartupEvent event, WriterConfig writer, Config config) {
    long sessionTimeoutMs =
        config
            .getOptionalValue(
                "mp.messaging.incoming." + RecordBatchProcessor.RECORDS_IN + ".session.timeout.ms",
                Long.class)
            .orElse(KAFKA_DEFAULT_SESSION_TIMEOUT_MS);
    verify(writer.statementTimeout(), Duration.ofMillis(sessionTimeoutMs));
  }

  static void verify(Duration statementTimeout, Duration sessionTimeout) {
    if (statementTimeout.multipliedBy(2).compareTo(sessionTimeout) > 0) {
      throw new IllegalStateException(
          "writer.statement-timeout ("
              + statementTimeout
              + ") must be at most half the records consumer's session.timeout.ms ("
              + sessionTimeout
              + "), so that a killed writer's statement ends before its partitions move");
    }
  }
}
