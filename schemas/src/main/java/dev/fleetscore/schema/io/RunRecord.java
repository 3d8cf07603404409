package dev.fleetscore.schema.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The completion record of a run: {@code <warehouse>/_runs/snapshot_date=D/<scope>.json}, written
 * last in the run's commit, listing the run id and, for every table the scope writes, the files the
 * run committed (name and size; each file also carries the run id in its footer). Readers hold a
 * partition to it ({@link SnapshotCheck}). No wall-clock time is in it, so identical runs write
 * identical records. Fields may be added; readers ignore what they do not know. A score run also
 * writes its lineage (clock times included) beside it, in {@link RunLineage#DIR}/.
 *
 * @param scope what the run wrote
 * @param runId content-derived id of the run (the same inputs give the same id)
 * @param tables per table, the committed files in name order
 */
public record RunRecord(RunScope scope, String runId, Map<Table, List<FileEntry>> tables) {

  public static final String DIR = "_runs";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One committed file. */
  public record FileEntry(String name, long bytes) {}

  public RunRecord {
    Map<Table, List<FileEntry>> copy = new EnumMap<>(Table.class);
    tables.forEach(
        (t, fs) -> copy.put(t, fs.stream().sorted(Comparator.comparing(FileEntry::name)).toList()));
    tables = copy;
  }

  /** Where the record of {@code scope} lives under {@code warehouse} (any file-system root). */
  public static String path(String warehouse, RunScope scope) {
    return Warehouse.join(
        warehouse, DIR, Warehouse.PARTITION_KEY + "=" + scope.date(), scope.name() + ".json");
  }

  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", 1);
    o.put("kind", scope.kind());
    if (scope.label() != null) {
      o.put("label", scope.label());
    }
    o.put("snapshot_date", scope.date().toString());
    o.put("run_id", runId);
    ObjectNode ts = o.putObject("tables");
    tables.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().tableName()))
        .forEach(
            e -> {
              ArrayNode a = ts.putArray(e.getKey().tableName());
              for (FileEntry f : e.getValue()) {
                a.addObject().put("file", f.name()).put("bytes", f.bytes());
              }
            });
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a record; {@code source} names it in errors. */
  public static RunRecord parse(byte[] json, String source) throws IOException {
    JsonNode o = JSON.readTree(json);
    if (o == null || !o.path("run_id").isTextual() || !o.path("tables").isObject()) {
      throw new IOException("not a fleetscore run record: " + source);
    }
    String label = o.path("label").isTextual() ? o.path("label").asText() : null;
    RunScope scope =
        new RunScope(
            o.path("kind").asText(), LocalDate.parse(o.path("snapshot_date").asText()), label);
    Map<Table, List<FileEntry>> tables = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      JsonNode fs = o.path("tables").get(t.tableName());
      if (fs != null && fs.isArray()) {
        List<FileEntry> list = new ArrayList<>();
        for (JsonNode f : fs) {
          list.add(new FileEntry(f.path("file").asText(), f.path("bytes").asLong(-1)));
        }
        tables.put(t, list);
      }
    }
    return new RunRecord(scope, o.path("run_id").asText(), tables);
  }

  /** The record of {@code files} just committed into a local warehouse, sizes read from disk. */
  public static RunRecord ofLocal(RunScope scope, String runId, Map<Table, List<Path>> files) {
    Map<Table, List<FileEntry>> tables = new EnumMap<>(Table.class);
    files.forEach(
        (t, ps) -> {
          List<FileEntry> list = new ArrayList<>();
          for (Path p : ps) {
            try {
              list.add(new FileEntry(p.getFileName().toString(), Files.size(p)));
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read the size of " + p, e);
            }
          }
          tables.put(t, list);
        });
    return new RunRecord(scope, runId, tables);
  }

  /** Writes the record into a local warehouse, replacing the scope's previous one atomically. */
  public void writeLocal(Path warehouse) {
    Path target = Path.of(path(warehouse.toString(), scope));
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
      Files.write(tmp, toJson());
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run record " + target, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // Only a hidden leftover; the record itself was written or the error above is thrown.
      }
    }
  }

  /** Every run record of {@code date} in a local warehouse, in file-name order. */
  public static List<RunRecord> readLocal(Path warehouse, LocalDate date) {
    Path dir =
        Path.of(Warehouse.join(warehouse.toString(), DIR, Warehouse.PARTITION_KEY + "=" + date));
    List<RunRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[!.]*.json")) {
      ds.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    files.sort(Comparator.naturalOrder());
    for (Path f : files) {
      try {
        out.add(parse(Files.readAllBytes(f), f.toString()));
      } catch (IOException | RuntimeException e) {
        throw new dev.fleetscore.common.UserError(
            "cannot read the run record " + f + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
