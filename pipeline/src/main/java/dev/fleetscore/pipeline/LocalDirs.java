package dev.fleetscore.pipeline;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes the empty staging folders a run leaves on a local disk. Object stores have no folders, so
 * for any other scheme there is nothing to do.
 */
final class LocalDirs {

  private LocalDirs() {}

  static void deleteEmpty(String stagingPartitionDir) throws IOException {
    Path p = local(stagingPartitionDir);
    if (p == null) {
      return;
    }
    for (Path d : new Path[] {p, p.getParent()}) {
      try {
        Files.deleteIfExists(d);
      } catch (DirectoryNotEmptyException e) {
        return;
      }
    }
  }

  private static Path local(String path) {
    if (path.startsWith("file:")) {
      return Path.of(URI.create(path));
    }
    return path.contains("://") ? null : Path.of(path);
  }
}
