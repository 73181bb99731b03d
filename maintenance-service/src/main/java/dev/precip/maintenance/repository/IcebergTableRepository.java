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

  public TableFigures figures(String table) throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      long dataFiles;
      long deleteFiles;
      long bytes;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count_if(content = 0), count_if(content <> 0),"
                  + " coalesce(sum(file_size_in_bytes), 0) FROM "
                  + metadataTable(table, "files"))) {
        rs.next();
        dataFiles = rs.getLong(1);
        deleteFiles = rs.getLong(2);
        bytes = rs.getLong(3);
      }
      long snapshots = count(s, metadataTable(table, "snapshots"));
      long manifests = count(s, metadataTable(table, "manifests"));
      return new TableFigures(dataFiles, deleteFiles, bytes, snapshots, manifests);
    }
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
