package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Publishes the runs a collector committed into a local scratch warehouse to a warehouse on any
 * Beam file system, in the order that keeps readers safe: for each completion record found under
 * the scratch warehouse's {@code _runs/}, the data files it names first, then the run's lineage if
 * it has one, then the record itself (written beside its final name and renamed over the previous
 * one), and only then are the files the scope's previous record named, and the new one no longer
 * does, deleted. A reader that follows the records ({@link WarehouseMirror}) sees the old run or
 * the new one, never a mix; an upload that dies leaves the previous run readable.
 */
public final class RunUpload {

  private static final String DATE_PREFIX = Warehouse.PARTITION_KEY + "=";

  /** What was uploaded: the records, and how many superseded files were deleted. */
  public record Uploaded(List<RunRecord> records, long files, long deleted) {}

  private RunUpload() {}

  /** Uploads every run recorded under {@code scratch} into {@code root}. */
  public static Uploaded upload(Path scratch, String root) {
    List<RunRecord> done = new ArrayList<>();
    long files = 0;
    long deleted = 0;
    for (LocalDate d : recordDates(scratch)) {
      for (RunRecord r : RunRecord.readLocal(scratch, d)) {
        Optional<RunRecord> previous = readRemote(RunRecord.path(root, r.scope()));
        for (var e : r.tables().entrySet()) {
          Path local = LocalTables.partition(scratch, e.getKey(), d);
          String remote = Warehouse.partition(root, e.getKey(), d);
          for (RunRecord.FileEntry f : e.getValue()) {
            put(local.resolve(f.name()), remote + "/" + f.name());
            files++;
          }
        }
        Path lineage = Path.of(RunLineage.path(scratch.toString(), r.scope()));
        if (Files.isRegularFile(lineage)) {
          putAtomically(lineage, RunLineage.path(root, r.scope()));
        }
        putAtomically(
            Path.of(RunRecord.path(scratch.toString(), r.scope())),
            RunRecord.path(root, r.scope()));
        if (previous.isPresent()) {
          deleted += deleteSuperseded(root, d, previous.get(), r);
        }
        done.add(r);
      }
    }
    return new Uploaded(done, files, deleted);
  }

  private static long deleteSuperseded(String root, LocalDate d, RunRecord old, RunRecord now) {
    List<ResourceId> stale = new ArrayList<>();
    for (var e : old.tables().entrySet()) {
      Set<String> kept = new HashSet<>();
      now.tables().getOrDefault(e.getKey(), List.of()).forEach(f -> kept.add(f.name()));
      for (RunRecord.FileEntry f : e.getValue()) {
        if (!kept.contains(f.name())) {
          stale.add(BeamFiles.resource(Warehouse.partition(root, e.getKey(), d) + "/" + f.name()));
        }
      }
    }
    try {
      if (!stale.isEmpty()) {
        FileSystems.delete(stale, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the superseded files of " + old.scope(), e);
    }
    return stale.size();
  }

  private static Optional<RunRecord> readRemote(String path) {
    if (BeamFiles.match(path).isEmpty()) {
      return Optional.empty();
    }
    try (ReadableByteChannel ch = FileSystems.open(BeamFiles.resource(path))) {
      return Optional.of(RunRecord.parse(Channels.newInputStream(ch).readAllBytes(), path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run record " + path, e);
    }
  }

  private static void put(Path local, String remote) {
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(BeamFiles.resource(remote), MimeTypes.BINARY))) {
      Files.copy(local, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + local + " to " + remote, e);
    }
  }

  /** Writes beside the final name (hidden from readers), then renames over the previous file. */
  private static void putAtomically(Path local, String remote) {
    try {
      BeamFiles.writeAtomically(
          remote,
          "upload-" + UUID.randomUUID().toString().replace("-", ""),
          Files.readAllBytes(local));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + local, e);
    }
  }

  private static List<LocalDate> recordDates(Path scratch) {
    Path runs = scratch.resolve(RunRecord.DIR);
    List<LocalDate> out = new ArrayList<>();
    if (!Files.isDirectory(runs)) {
      return out;
    }
    try (var s = Files.list(runs)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(DATE_PREFIX)) {
          out.add(LocalDate.parse(name.substring(DATE_PREFIX.length())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runs, e);
    }
    return out;
  }
}
