package dev.fleetscore.cli;

import dev.fleetscore.evidence.SigningIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Makes a self-signed signing identity (key and certificate) for trying evidence bundles out. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description =
        "Make a self-signed signing key and certificate (for trying it out; use your PKI in production).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore evidence keygen --key signer.key --cert signer.pem --subject 'CN=Audit Signer'"
    })
final class EvidenceKeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      required = true,
      description = "Where to write the private key (PEM, mode 600).")
  Path key;

  @Option(names = "--cert", required = true, description = "Where to write the certificate (PEM).")
  Path cert;

  @Option(
      names = "--subject",
      converter = OptionValues.DistinguishedName.class,
      defaultValue = "CN=fleetscore evidence signer",
      description = "Certificate subject (default ${DEFAULT-VALUE}).")
  String subject;

  @Option(
      names = "--days",
      converter = NumericRange.Days.class,
      defaultValue = "825",
      description = "Validity in days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--algorithm",
      converter = OptionValues.KeyAlgorithm.class,
      defaultValue = "ec",
      description = "ec (P-256) or rsa (3072) (default ${DEFAULT-VALUE}).")
  String algorithm;

  @Override
  public Integer call() {
    SigningIdentity id = SigningIdentity.generate(subject, Duration.ofDays(days), algorithm);
    id.write(key, cert);
    PrintWriter o = spec.commandLine().getOut();
    o.println("key:  " + key);
    o.println("cert: " + cert + " (sha256 " + id.fingerprint() + ")");
    o.flush();
    return ExitCodes.OK;
  }
}
