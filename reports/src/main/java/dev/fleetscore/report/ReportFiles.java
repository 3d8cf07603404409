package dev.fleetscore.report;

import dev.fleetscore.schema.Table;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which CSV files are written beside the page ({@code csv/<table>.csv}), so that the page links
 * only to files that exist: a table without its CSV is named with the {@code fleetscore export}
 * command that writes it instead of a link.
 *
 * @param csv the tables whose CSV file is beside the page
 */
public record ReportFiles(Set<Table> csv) {

  /** No file beside the page. */
  public static final ReportFiles NONE = new ReportFiles(Set.of());

  public ReportFiles {
    csv = csv.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(csv));
  }

  public static ReportFiles csv(Collection<Table> tables) {
    return new ReportFiles(tables.isEmpty() ? Set.of() : EnumSet.copyOf(tables));
  }

  /** The page-relative link of {@code table}'s CSV file, or null when it is not written. */
  public String href(Table table) {
    return csv.contains(table) ? "csv/" + table.tableName() + ".csv" : null;
  }
}
