package dev.precip.writer.messaging;

import dev.precip.contracts.PrecipRecord;

/**
 * What a record must have to be written: the table's required columns, and a natural key that the
 * key ledger can hold (PostgreSQL text cannot hold U+0000). A record without them would fail its
 * batch forever; it is parked on the writer's DLQ instead.
 */
final class WritableRecords {

  private WritableRecords() {}

  /** Returns the record, or throws with the reason it cannot be written. */
  static PrecipRecord require(PrecipRecord record) {
    key("station", record.station());
    key("datatype", record.datatype());
    if (record.date() == null) {
      throw new IllegalArgumentException("the record has no date");
    }
    // List.contains(null) throws on immutable lists
    if (record.attributes() == null || record.attributes().stream().anyMatch(a -> a == null)) {
      throw new IllegalArgumentException("the record has no attributes, or a null one");
    }
    if (record.attributesRaw() == null) {
      throw new IllegalArgumentException("the record has no attributesRaw");
    }
    if (record.page() == null) {
      throw new IllegalArgumentException("the record has no page");
    }
    return record;
  }

  private static void key(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the record has no " + name);
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("the record's " + name + " holds a NUL character");
    }
  }
}
