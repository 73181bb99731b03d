package dev.precip.writer.repository;

import dev.precip.contracts.OffsetRange;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.TableName;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Keeps the batches of one Kafka partition of the records topic apart, whichever writer instance or
 * consumer thread writes them: each batch is claimed, inserted and settled while its writer holds a
 * PostgreSQL advisory lock on (table, topic, partition).
 *
 * <p>Why: a batch whose writer died between claiming its keys and recording its commit is settled
 * by the next writer of its partitions, against what the table holds of it (see {@code
 * UnsettledBatches}). That judgement is only sound while nobody else can still be writing the
 * batch: with the lock, the next writer waits for a live previous owner (a rebalance moved the
 * partition mid-batch) to finish. A killed writer's lock is released when PostgreSQL sees its
 * connection drop; its statement, orphaned in Trino, is waited for by the settlement.
 */
@ApplicationScoped
public class PartitionFence {

  private final DataSource postgres;
  private final Duration lockTimeout;
  private final String scope;
  private final Timer waits;

  @Inject
  public PartitionFence(AgroalDataSource postgres, WriterConfig config, MeterRegistry registry) {
    this(
        postgres, config.fence().lockTimeout(), TableName.of(config.table()).qualified(), registry);
  }

  PartitionFence(DataSource postgres, Duration lockTimeout, String table, MeterRegistry registry) {
    this.postgres = postgres;
    this.lockTimeout = lockTimeout;
    this.scope = "precip-writer|" + table + "|";
    this.waits =
        Timer.builder("writer.fence.wait")
            .description("Time to obtain the partition locks of a batch")
            .publishPercentileHistogram()
            .register(registry);
  }

  /**
   * Blocks until this writer holds the locks of every partition the batch came from (in one order,
   * so two writers never wait on each other); they are released when the result is closed.
   *
   * @throws SQLException when PostgreSQL is unreachable or the wait exceeds {@code
   *     writer.fence.lock-timeout}; the batch is then retried
   */
  public Held hold(List<OffsetRange> partitions) throws SQLException {
    if (partitions.isEmpty()) {
      return Held.NOTHING;
    }
    long start = System.nanoTime();
    Connection connection = postgres.getConnection();
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement timeout =
          connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
        timeout.setString(1, lockTimeout.toMillis() + "ms");
        timeout.execute();
      }
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        for (Key key : keys(partitions)) {
          lock.setInt(1, key.space());
          lock.setInt(2, key.partition());
          lock.execute();
        }
      }
      waits.record(Duration.ofNanos(System.nanoTime() - start));
      return new Held(connection);
    } catch (SQLException | RuntimeException e) {
      try {
        Held.release(connection);
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The distinct lock keys of the batch's partitions, in a fixed order. */
  TreeSet<Key> keys(List<OffsetRange> partitions) {
    TreeSet<Key> keys = new TreeSet<>();
    for (OffsetRange range : partitions) {
      // String.hashCode is specified, so every instance computes the same key
      keys.add(new Key((scope + range.topic()).hashCode(), range.partition()));
    }
    return keys;
  }

  /**
   * One advisory lock: a hash of table and topic, and the partition. Two topics whose hashes
   * collide only wait for each other; the partitions of one topic never share a lock.
   */
  record Key(int space, int partition) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int bySpace = Integer.compare(space, other.space);
      return bySpace != 0 ? bySpace : Integer.compare(partition, other.partition);
    }
  }

  /** Locks held until closed; ending the transaction releases them. */
  public static final class Held implements AutoCloseable {

    static final Held NOTHING = new Held(null);

    private final Connection connection;

    private Held(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        release(connection);
      }
    }

    private static void release(Connection connection) throws SQLException {
      try {
        connection.rollback();
      } finally {
        try {
          connection.setAutoCommit(true);
        } finally {
          connection.close();
        }
      }
    }
  }
}
