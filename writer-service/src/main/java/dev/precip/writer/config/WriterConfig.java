package dev.precip.writer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the writer (prefix {@code writer}). */
@ConfigMapping(prefix = "writer")
public interface WriterConfig {

  /** The Iceberg table rows go to. */
  Table table();

  /** How records are grouped into one INSERT. */
  Batch batch();

  /** How a failed INSERT is retried (Trino or the catalog down, commit conflicts). */
  Retry retry();

  /** How the writes of one Kafka partition are kept apart across instances and consumers. */
  Fence fence();

  /**
   * Kafka consumers in this instance, each with its own partitions and one batch in flight (the
   * records channel's {@code concurrency}). Each needs a Trino and two PostgreSQL connections while
   * it writes, so the pools hold at least this many and twice this many.
   */
  @Min(1)
  int consumers();

  /**
   * Longest time one statement may run in Trino (its {@code query_max_run_time}); a statement that
   * takes longer fails and is retried. At most half the consumer's {@code session.timeout.ms}, so
   * that the statement of a writer killed mid-batch has ended before its partition can be given to
   * another writer. A batch left unsettled is judged no earlier than this after its claim.
   */
  @WithDefault("PT20S")
  Duration statementTimeout();

  interface Table {
    /** Trino catalog of the Iceberg connector. */
    @WithDefault("iceberg")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String catalog();

    /** Schema (namespace); created if missing. */
    @WithDefault("noaa")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String schema();

    /** Table name; created if missing. */
    @WithDefault("precip_15")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String name();

    /**
     * Longest wait between two attempts of a commit that lost to a concurrent one (Iceberg's {@code
     * commit.retry.max-wait-ms}, set when the writer creates the table). Iceberg's waits double
     * from 100 ms up to a minute by default, so a statement that keeps losing to the other writers'
     * commits waited 13 s before its eighth attempt and ran into {@link #statementTimeout()}. Trino
     * sets it as an extra table property, which its Iceberg catalog must allow ({@code
     * iceberg.allowed-extra-properties=commit.retry.max-wait-ms}); empty leaves Iceberg's default.
     */
    @WithDefault(DEFAULT_COMMIT_RETRY_MAX_WAIT)
    Optional<Duration> commitRetryMaxWait();

    /**
     * {@link #commitRetryMaxWait()} unless configured; the writer benchmark's tables use it too.
     */
    String DEFAULT_COMMIT_RETRY_MAX_WAIT = "PT1S";
  }

  interface Batch {
    /**
     * Rows per batch at most (the consumer's {@code max.poll.records}). A batch's rows travel in
     * its statement's text: over ~4,500 typical rows they exceed {@link #maxStatementChars()} at
     * its default, and the batch is written in several statements, one after the other.
     */
    @WithDefault("500")
    @Min(1)
    @Max(10000)
    int size();

    /**
     * Longest statement text the writer sends. Trino refuses a text over its {@code
     * query.max-length} (1,000,000 characters by default), and the bound rows travel inside it; a
     * batch whose rows would exceed this is written in several statements under one claim. Lower it
     * with a Trino whose limit is lower; raising both takes Trino heap (statements of 10,000 rows
     * ran the local stack's 2 GB Trino out of memory, README "End to end").
     */
    @WithDefault("900000")
    @Min(10000)
    int maxStatementChars();

    /**
     * Longest time a batch waits to fill (the consumer's {@code fetch.max.wait.ms}): a slow stream
     * is written at least this often.
     */
    @WithDefault("PT2S")
    Duration maxWait();

    /**
     * Bytes the broker gathers before answering a fetch early (the consumer's {@code
     * fetch.min.bytes}). By default {@value #BYTES_PER_RECORD} per record of {@link #size()}
     * (records are ~80-130 bytes compressed), so a fetch is answered early only with a full batch.
     */
    Optional<@Min(1) Integer> minBytes();

    /** Bytes per record {@link #minBytes()} assumes by default. */
    int BYTES_PER_RECORD = 128;

    /** {@link #minBytes()}, or enough bytes for a full batch. */
    default int fetchMinBytes() {
      return minBytes().orElse(size() * BYTES_PER_RECORD);
    }

    /** Kafka's default {@code max.partition.fetch.bytes}. */
    int DEFAULT_PARTITION_FETCH_BYTES = 1024 * 1024;

    /** Full batches of typical records one fetch of a partition holds at least. */
    int BATCHES_PER_FETCH = 16;

    /**
     * The consumer's {@code max.partition.fetch.bytes}. A poll of one partition returns at most the
     * rest of one fetch, so every fetch ends in a short batch (one more statement for the same
     * rows): a fetch of {@value #BATCHES_PER_FETCH} batches' {@link #fetchMinBytes()} keeps that to
     * one batch in {@value #BATCHES_PER_FETCH}, and never less than Kafka's default. It is what a
     * consumer may buffer per partition: 4.1 MB at 2,000 rows, 20.5 MB at the largest batch size,
     * which stays within the 50 MiB a consumer's whole fetch may hold ({@code fetch.max.bytes}).
     */
    default int partitionFetchBytes() {
      return Math.max(DEFAULT_PARTITION_FETCH_BYTES, BATCHES_PER_FETCH * fetchMinBytes());
    }
  }

  interface Fence {
    /**
     * Longest wait for the writer that still holds a partition's lock (a rebalance moved the
     * partition while that writer's statement was running); the batch is retried after it.
     */
    @WithDefault("PT2M")
    Duration lockTimeout();
  }

  interface Retry {
    /** First backoff after a failed INSERT. */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** Longest backoff; a failing INSERT is retried forever, it is never dropped. */
    @WithDefault("PT30S")
    Duration maxBackoff();
  }
}
