package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Failures on paths the user gave are bad input (exit 3) naming the path, not internal errors. */
class PathErrorsTest {

  @TempDir Path tmp;

  private Path dumps() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("dumps/n1"));
    Files.writeString(
        d.resolve("meta.env"), "cluster=c1\nnode=n1\ncollected_at=2026-11-22T01:00:00Z\n");
    return d.getParent();
  }

  @Test
  void aWarehouseBelowAFileIsBadInputNamingThePath() throws Exception {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "import",
            dumps().toString(),
            "--warehouse",
            file.resolve("wh").toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains(file.resolve("wh").toString()), r.err());
    assertTrue(r.err().contains("--warehouse"), r.err());
    assertTrue(r.err().contains("Not a directory"), r.err());
  }

  @Test
  void aReadOnlyWarehouseIsBadInput() throws Exception {
    Path wh = Files.createDirectories(tmp.resolve("wh"));
    Files.setPosixFilePermissions(wh, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root writes through permission bits; the synthetic case below covers it there.
      assumeTrue(!Files.isWritable(wh), "running as root");
      FleetscoreCommandTest.Run r =
          FleetscoreCommandTest.run(
              "collect",
              "import",
              dumps().toString(),
              "--warehouse",
              wh.toString(),
              "--date",
              "2026-11-22");
      assertEquals(ExitCodes.INPUT, r.code(), r.err());
      assertTrue(r.err().contains("permission denied"), r.err());
      assertTrue(r.err().contains(wh.toString()), r.err());
    } finally {
      Files.setPosixFilePermissions(wh, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void permissionDeniedUnderAGivenPathIsDescribedAndAnyOtherPathIsNot() {
    CommandLine.ParseResult parsed =
        FleetscoreCommand.newCommandLine()
            .parseArgs("score", "--warehouse", "/data/wh", "--date", "2026-11-22");
    Optional<String> m =
        PathErrors.describe(
            new UncheckedIOException(
                new AccessDeniedException("/data/wh/findings/snapshot_date=2026-11-22")),
            parsed);
    assertEquals(
        Optional.of(
            "cannot use /data/wh/findings/snapshot_date=2026-11-22 (--warehouse /data/wh):"
                + " permission denied"),
        m);
    assertEquals(
        Optional.empty(),
        PathErrors.describe(new AccessDeniedException("/usr/lib/jvm/x"), parsed),
        "a path the user did not give stays an internal error");
  }

  @Test
  void aPlainIOExceptionNamingAnUnusableGivenPathIsDescribed() throws Exception {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    Path wh = file.resolve("wh");
    CommandLine.ParseResult parsed =
        FleetscoreCommand.newCommandLine()
            .parseArgs("score", "--warehouse", wh.toString(), "--date", "2026-11-22");
    IOException beam =
        new IOException("Unable to create parent directories for '" + wh + "/findings/x.parquet'");
    Optional<String> m =
        PathErrors.describe(new UncheckedIOException("cannot write bucket", beam), parsed);
    assertTrue(m.orElseThrow().contains(file + " is not a directory"), m.toString());
    Path usable = Files.createDirectories(tmp.resolve("wh"));
    CommandLine.ParseResult ok =
        FleetscoreCommand.newCommandLine()
            .parseArgs("score", "--warehouse", usable.toString(), "--date", "2026-11-22");
    assertEquals(
        Optional.empty(),
        PathErrors.describe(new IOException("cannot write " + usable + "/x"), ok),
        "a usable path: the failure is not the user's");
  }

  @Test
  void exportOfAMissingWarehouseIsBadInput() {
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "export", "findings", "--warehouse", tmp.resolve("nonexistent").toString());
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains("no warehouse at " + tmp.resolve("nonexistent")), r.err());
  }

  @Test
  void exportToAnOutFileBelowAFileIsBadInput() throws Exception {
    Path file = Files.writeString(tmp.resolve("afile"), "x");
    Files.createDirectories(tmp.resolve("wh"));
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            tmp.resolve("wh").toString(),
            "--out",
            file.resolve("x.csv").toString());
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains("--out " + file.resolve("x.csv")), r.err());
  }
}
