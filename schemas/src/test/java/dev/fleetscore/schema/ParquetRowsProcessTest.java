package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.io.ParquetRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte identity across processes: parquet-java lists a column chunk's encodings in an order that
 * follows the JVM's identity hash codes, so only separate JVMs show whether the footer is stable.
 */
class ParquetRowsProcessTest {

  /**
   * Writes the rows of {@link #rows()} to {@code args[0]}, stamped with run id {@code args[1]},
   * after taking {@code args[2]} identity hash codes: processes that did different work before
   * writing (a CLI run, a Beam worker, a test) hand out different identity hashes to the enum
   * constants parquet-java puts in hash sets.
   */
  public static void main(String[] args) throws Exception {
    for (int i = Integer.parseInt(args[2]); i > 0; i--) {
      System.identityHashCode(new Object());
    }
    ParquetRows.write(ParquetRows.localOut(Path.of(args[0])), NodeDumpRow.class, rows(), args[1]);
  }

  static List<NodeDumpRow> rows() {
    List<NodeDumpRow> out = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      NodeDumpRow r = ParquetRowsTest.row(i);
      // Map.of iterates in a per-JVM order of its own; rows from our readers use sorted maps.
      r.setMeta(new TreeMap<>(r.getMeta()));
      out.add(r);
    }
    return out;
  }

  static void writeInChild(Path file, String runId, int hashesBefore) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ParquetRowsProcessTest.class.getName(),
                file.toString(),
                runId,
                Integer.toString(hashesBefore))
            .redirectErrorStream(true)
            .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish");
    }
    assertEquals(
        0,
        p.exitValue(),
        () -> {
          try {
            return Files.readString(file.resolveSibling(file.getFileName() + ".log"));
          } catch (java.io.IOException e) {
            return e.toString();
          }
        });
  }

  @Test
  void separateProcessesWriteIdenticalBytes(@TempDir Path dir) throws Exception {
    Path here = dir.resolve("here.parquet");
    ParquetRows.write(ParquetRows.localOut(here), NodeDumpRow.class, rows(), "run-1");
    byte[] expected = Files.readAllBytes(here);
    for (int i = 0; i < 4; i++) {
      Path there = dir.resolve("child-" + i + ".parquet");
      writeInChild(there, "run-1", i * 7);
      assertArrayEquals(expected, Files.readAllBytes(there), "child " + i + " wrote other bytes");
    }
    assertEquals(rows(), ParquetRows.readAll(ParquetRows.local(here), NodeDumpRow.class));
    assertEquals(Optional.of("run-1"), ParquetRows.runId(ParquetRows.local(here)));
  }

  @Test
  void aFileLargerThanTheHeldBackTailReadsBack(@TempDir Path dir) throws Exception {
    List<NodeDumpRow> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 80_000; i++) {
      NodeDumpRow r = ParquetRowsTest.row(i);
      r.setSource(
          Long.toHexString(random.nextLong()).repeat(2) + Long.toHexString(random.nextLong()));
      r.setMeta(new TreeMap<>(r.getMeta()));
      rows.add(r);
    }
    Path f = dir.resolve("big.parquet");
    ParquetRows.write(ParquetRows.localOut(f), NodeDumpRow.class, rows, "run-big");
    org.junit.jupiter.api.Assertions.assertTrue(Files.size(f) > 4_500_000, "size " + Files.size(f));
    assertEquals(rows, ParquetRows.readAll(ParquetRows.local(f), NodeDumpRow.class));
    assertEquals(Optional.of("run-big"), ParquetRows.runId(ParquetRows.local(f)));
  }

  @Test
  void aFileWithoutRunIdHasNone(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("f.parquet");
    ParquetRows.write(ParquetRows.localOut(f), NodeDumpRow.class, rows());
    assertEquals(Optional.empty(), ParquetRows.runId(ParquetRows.local(f)));
  }
}
