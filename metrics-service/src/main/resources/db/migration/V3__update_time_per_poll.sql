-- Since the metrics service counts all batch events of a Kafka poll in one update, the time it
-- records for a batch is that update's, shared with the other batches of the poll.
COMMENT ON COLUMN applied_batches.aggregation_ms IS
  'milliseconds of the update that counted this batch, together with the other batches of its poll';
