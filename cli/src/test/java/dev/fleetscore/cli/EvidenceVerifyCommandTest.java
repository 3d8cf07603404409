package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evidence verify} has three distinct outcomes: verified (exit 0) only against a trusted
 * certificate; intact but unpinned (exit 6, and the word "verified" is never printed); failed (exit
 * 5), here for a bundle whose signer.pem is not the certificate that signed it.
 */
class EvidenceVerifyCommandTest {

  @Test
  void verifiedOnlyWhenPinnedUnpinnedHasItsOwnExitCodeAndDisagreementFails(@TempDir Path tmp)
      throws Exception {
    String wh = Fixtures.realistic().warehouse().toString();
    String date = FleetFixture.LAST.toString();
    for (String who : new String[] {"real", "other"}) {
      Run k =
          FleetscoreCommandTest.run(
              "evidence",
              "keygen",
              "--key",
              tmp.resolve(who + ".key").toString(),
              "--cert",
              tmp.resolve(who + ".pem").toString());
      assertEquals(ExitCodes.OK, k.code(), k.err());
      Run b =
          FleetscoreCommandTest.run(
              "evidence",
              "--warehouse",
              wh,
              "--date",
              date,
              "--key",
              tmp.resolve(who + ".key").toString(),
              "--cert",
              tmp.resolve(who + ".pem").toString(),
              "--out",
              tmp.resolve(who).toString(),
              "--rules",
              Fixtures.realistic().rules().toString());
      assertEquals(ExitCodes.OK, b.code(), b.err());
    }
    Path bundle = tmp.resolve("real/fleetscore-evidence-" + date + ".tar.gz");
    String trusted = tmp.resolve("real.pem").toString();

    Run pinned =
        FleetscoreCommandTest.run(
            "evidence", "verify", bundle.toString(), "--trusted-cert", trusted);
    assertEquals(ExitCodes.OK, pinned.code(), pinned.out() + pinned.err());
    assertTrue(pinned.out().contains("bundle verified"), pinned.out());

    Run unpinned = FleetscoreCommandTest.run("evidence", "verify", bundle.toString());
    assertEquals(ExitCodes.UNPINNED, unpinned.code(), unpinned.out() + unpinned.err());
    assertEquals(6, ExitCodes.UNPINNED);
    assertFalse(unpinned.out().toLowerCase(Locale.ROOT).contains("verified"), unpinned.out());
    assertTrue(unpinned.out().contains("NOT pinned"), unpinned.out());

    Run wrongTrust =
        FleetscoreCommandTest.run(
            "evidence",
            "verify",
            bundle.toString(),
            "--trusted-cert",
            tmp.resolve("other.pem").toString());
    assertEquals(ExitCodes.VERIFICATION, wrongTrust.code(), wrongTrust.out());

    // The other signer's bundle carrying the real signer's certificate: signer.pem disagrees
    // with the signature and the manifest, with or without a trusted certificate.
    Path mixed = tmp.resolve("other/fleetscore-evidence-" + date);
    Files.copy(
        tmp.resolve("real/fleetscore-evidence-" + date + "/signer.pem"),
        mixed.resolve("signer.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run disagree = FleetscoreCommandTest.run("evidence", "verify", mixed.toString());
    assertEquals(ExitCodes.VERIFICATION, disagree.code(), disagree.out());
    assertTrue(disagree.out().contains("FAILED: signer.pem: certificate sha256 "), disagree.out());
    assertTrue(disagree.out().contains("bundle NOT verified"), disagree.out());

    assertTrue(FleetscoreCommandTest.run("--help").out().contains("6   evidence bundle intact"));
  }
}
