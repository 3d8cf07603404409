package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link EvidenceReadmeAsWrittenTest} (README.txt's openssl/coreutils procedure and
 * its {@code fleetscore evidence verify} line run as written, on the good bundle and on tampered
 * copies: a changed byte, a missing file, an added file, swapped signatures, a wrong trusted
 * certificate, a replaced signer.pem) on the quarter bundle of the demo's weekly series ({@link
 * QuarterSeriesFixture}), whose files sit one folder per snapshot.
 */
class QuarterReadmeAsWrittenTest extends EvidenceReadmeAsWrittenTest {

  @Override
  @BeforeAll
  void build() {
    QuarterSeriesFixture.Series s = QuarterSeriesFixture.get();
    good = s.bundle();
    trusted = s.cert();
    other = tmp.resolve("other.pem");
    Run k =
        FleetscoreCommandTest.run(
            "evidence",
            "keygen",
            "--key",
            tmp.resolve("other.key").toString(),
            "--cert",
            other.toString());
    assertEquals(ExitCodes.OK, k.code(), k.err());
    assertTrue(Files.isDirectory(good.resolve("snapshots")), "a quarter bundle: " + good);
  }
}
