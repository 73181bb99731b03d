package dev.precip.writer.service;

import dev.precip.writer.config.WriterConfig;

/** The fully qualified names the writer uses, built once from validated identifiers. */
public record TableName(String catalog, String schema, String table) {

  public static TableName of(WriterConfig.Table config) {
    return new TableName(config.catalog(), config.schema(), config.name());
  }

  public String qualifiedSchema() {
    return catalog + "." + schema;
  }

  public String qualified() {
    return catalog + "." + schema + "." + table;
  }

  /** One of the table's Iceberg metadata tables, such as {@code properties}. */
  public String metadata(String name) {
    return catalog + "." + schema + ".\"" + table + "$" + name + "\"";
  }
}
