package dev.fleetscore.cli;

import dev.fleetscore.evidence.EvidenceVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a bundle's signatures, that its manifest, bundled certificate and signatures name one
 * signer, and every file hash. Exit 0 only when the signer is the {@code --trusted-cert}; exit 6
 * when the bundle is intact but no trusted certificate was given (anybody could have re-signed it);
 * exit 5 on any problem.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an evidence bundle (folder or .tar.gz): every file hash, both signatures, one"
          + " signer throughout, and the signer against --trusted-cert.",
      "Exit 0 verified; 6 intact but the signer is not pinned (no --trusted-cert); 5 failed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore evidence verify bundle.tar.gz --trusted-cert signer.pem",
      "  fleetscore evidence verify evidence/fleetscore-evidence-2026-11-22   # exit 6 at best",
    })
final class EvidenceVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle folder or .tar.gz.")
  Path bundle;

  @Option(
      names = "--trusted-cert",
      description =
          "The signer's certificate, obtained separately; the signer must be exactly this"
              + " certificate. Without it the result is at best exit 6, not verified.")
  Path trusted;

  @Option(
      names = "--tsa-cert",
      paramLabel = "FILE",
      description =
          "Certificate of the trusted timestamp authority, or of the CA that issued it"
              + " (repeatable); the bundle must then carry a timestamp by that authority.")
  List<Path> tsaCerts = new ArrayList<>();

  @Override
  public Integer call() {
    EvidenceVerifier.Result r = EvidenceVerifier.verify(bundle, trusted, tsaCerts);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        "checked %d files; signed by %s (sha256 %s)%n",
        r.filesChecked(), r.signerSubject(), r.signerSha256());
    if (r.timestamp() != null) {
      o.println("timestamp: " + r.timestamp());
    }
    r.problems().forEach(p -> o.println("FAILED: " + p));
    int code =
        switch (r.outcome()) {
          case VERIFIED -> {
            o.println("bundle verified: intact, signed by the trusted certificate");
            yield ExitCodes.OK;
          }
          case UNPINNED -> {
            o.println(
                "UNTRUSTED: the bundle is intact and consistent, but its signer is NOT pinned;"
                    + " anybody could have signed it. Give --trusted-cert FILE, the signer's"
                    + " certificate obtained separately (exit "
                    + ExitCodes.UNPINNED
                    + ")");
            yield ExitCodes.UNPINNED;
          }
          case FAILED -> {
            o.println("bundle NOT verified");
            yield ExitCodes.VERIFICATION;
          }
        };
    o.flush();
    return code;
  }
}
