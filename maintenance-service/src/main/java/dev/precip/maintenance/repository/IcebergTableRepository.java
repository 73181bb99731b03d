package dev.precip.maintenance.repository;

import dev.precip.maintenance.service.TableFigures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a table's figures from its metadata tables and runs Trino's table procedures ({@code ALTER
 * TABLE ... EXECUTE}). Table names are {@code catalog.schema.table}, validated by the
 * configuration.
 */
@ApplicationScoped
public class IcebergTableRepository {

  private final AgroalDataSource trino;

  public IcebergTableRepository(@DataSource("trino") AgroalDataSource trino) {
    this.trino = trino;
  }

  public boolean exists(String table) throws SQLException {
    String[] parts = table.split("\\.");
    try (Connection c = trino.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + parts[0]
                    + ".information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      s.setString(1, parts[1]);
      s.setString(2, parts[2]);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  /**
   * The table's figures now. Files, bytes and records are the totals Iceberg keeps in the current
   * snapshot's summary (what {@code $files} would count, without reading every manifest: that costs
   * seconds on a table of thousands of small files, every pass); snapshots and manifests are
   * counted in {@code $snapshots} and {@code $manifests}.
   */
  public TableFigures figures(String table) throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      long snapshots;
      long dataFiles;
      long deleteFiles;
      long bytes;
      long records;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), "
                  + total("total-data-files")
                  + ", "
                  + total("total-delete-files")
                  + ", "
                  + total("total-files-size")
                  + ", "
                  + total("total-records")
                  + " FROM "
                  + metadataTable(table, "snapshots"))) {
        rs.next();
        snapshots = rs.getLong(1);
        dataFiles = rs.getLong(2);
        deleteFiles = rs.getLong(3);
        bytes = rs.getLong(4);
        records = rs.getLong(5);
      }
      long manifests = count(s, metadataTable(table, "manifests"));
      return new TableFigures(dataFiles, deleteFiles, bytes, records, snapshots, manifests);
    }
  }

  /** A total from the newest snapshot's summary, 0 for an empty table. */
  private static String total(String key) {
    return "CAST(coalesce(element_at(max_by(summary, committed_at), '"
        + key
        + "'), '0') AS bigint)";
  }

  /**
   * Runs {@code ALTER TABLE <table> EXECUTE <procedure>}; the procedure text is built from config.
   */
  public void execute(String table, String procedure) throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + table + " EXECUTE " + procedure);
    }
  }

  /**
   * The catalog's session properties whose name (after {@code catalog.}) is {@code LIKE pattern},
   * as {@code catalog.name} to their current value ({@code SHOW SESSION}; a catalog property's
   * value is the session property's default).
   */
  public Map<String, String> sessionProperties(String catalog, String pattern) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    // SHOW SESSION takes no parameters; the catalog name is validated by the configuration and
    // the pattern is the caller's constant
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION LIKE '" + catalog + "." + pattern + "'")) {
      while (rs.next()) {
        values.put(rs.getString("Name"), rs.getString("Value"));
      }
    }
    return values;
  }

  private static long count(Statement s, String from) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** {@code catalog.schema."table$kind"}. */
  private static String metadataTable(String table, String kind) {
    int dot = table.lastIndexOf('.');
    return table.substring(0, dot + 1) + "\"" + table.substring(dot + 1) + "$" + kind + "\"";
  }
}
