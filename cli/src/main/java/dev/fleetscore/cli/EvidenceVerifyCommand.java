package dev.fleetscore.cli;

import dev.fleetscore.evidence.EvidenceVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks every hash of a bundle's manifest and the manifest's signature; exit 5 on any problem. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify an evidence bundle (folder or .tar.gz): every file hash and the signature.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore evidence verify evidence/fleetscore-evidence-2026-11-22",
      "  fleetscore evidence verify bundle.tar.gz --trusted-cert signer.pem",
    })
final class EvidenceVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "Bundle folder or .tar.gz.")
  Path bundle;

  @Option(names = "--trusted-cert", description = "The signer must be exactly this certificate.")
  Path trusted;

  @Override
  public Integer call() {
    EvidenceVerifier.Result r = EvidenceVerifier.verify(bundle, trusted);
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        "checked %d files; signed by %s (sha256 %s)%s%n",
        r.filesChecked(),
        r.signerSubject(),
        r.signerSha256(),
        r.pinned()
            ? ", the trusted certificate"
            : ", not pinned: decide whether you trust this signer");
    r.problems().forEach(p -> o.println("FAILED: " + p));
    o.println(r.ok() ? "bundle verified" : "bundle NOT verified");
    o.flush();
    return r.ok() ? ExitCodes.OK : ExitCodes.VERIFICATION;
  }
}
