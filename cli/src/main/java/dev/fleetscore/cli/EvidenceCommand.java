package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.evidence.EvidenceBundle;
import dev.fleetscore.evidence.QuarterBundle;
import dev.fleetscore.evidence.SigningIdentity;
import dev.fleetscore.report.QuarterSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Builds an auditor's evidence bundle for one snapshot, or with {@code --from/--to} for every
 * scored snapshot of a range with a quarter summary (folder and .tar.gz): report, output tables,
 * rule packs, exemptions and run lineage (from the run's record, its warehouse files checked
 * against it), optionally the raw tables, and a manifest of SHA-256 and row counts signed as a CMS
 * detached signature. {@code evidence verify} checks a bundle; {@code evidence keygen} makes a
 * self-signed identity to try it with.
 */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Build a signed evidence bundle; verify one; make a signing identity.",
    subcommands = {EvidenceVerifyCommand.class, EvidenceKeygenCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore evidence keygen --key signer.key --cert signer.pem",
      "  fleetscore evidence --warehouse wh --date 2026-11-22 --key signer.key --cert signer.pem",
      "  fleetscore evidence --warehouse wh --from 2026-07-01 --to 2026-09-30 --cadence weekly \\",
      "      --key signer.key --cert signer.pem",
      "  fleetscore evidence verify evidence/fleetscore-evidence-2026-11-22.tar.gz \\",
      "      --trusted-cert signer.pem",
      "  # without fleetscore: the bundle's README.txt (openssl, find, sort, sha256sum, diff)",
    })
final class EvidenceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--warehouse",
      description = "Warehouse root: a folder, or a URI of a Beam file system (s3://bucket/wh).")
  String warehouse;

  @Mixin ObjectStoreOptions objectStore;

  @Option(
      names = "--date",
      converter = OptionValues.Date.class,
      description = "Snapshot date, YYYY-MM-DD (or a range: --from and --to).")
  String date;

  @Option(
      names = "--from",
      converter = OptionValues.Date.class,
      description =
          "First date of a range (with --to, instead of --date): one bundle of every scored"
              + " snapshot from --from to --to, with a quarter summary.")
  String from;

  @Option(
      names = "--to",
      converter = OptionValues.Date.class,
      description = "Last date of the range (inclusive).")
  String to;

  @Option(
      names = "--cadence",
      defaultValue = "daily",
      description =
          "Expected snapshot cadence of a range, what counts as a gap: daily (every date) or"
              + " weekly (every 7-day window from --from); default ${DEFAULT-VALUE}.")
  String cadence;

  @Option(names = "--key", description = "PEM private key of the signer (PKCS#8).")
  Path key;

  @Option(names = "--cert", description = "PEM certificate of the signer.")
  Path cert;

  @Option(
      names = "--key-password",
      arity = "0..1",
      interactive = true,
      paramLabel = "PASSWORD",
      description =
          "Password of an encrypted --key (BEGIN ENCRYPTED PRIVATE KEY); without a value it is"
              + " asked on the terminal. Keep it in fleetscore.yaml (evidence.key-password, file"
              + " mode 0600) rather than on a command line that ps shows.")
  char[] keyPassword;

  @Option(
      names = "--out",
      defaultValue = "evidence",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--rules",
      description =
          "Rule folders the run used (repeatable; default: the packs recorded in the run's"
              + " lineage; needed for a snapshot scored before runs kept one).")
  List<Path> rules = new ArrayList<>();

  @Option(
      names = "--exemptions",
      description = "Exemptions file the run used (with --rules; default: the run's lineage).")
  Path exemptions;

  @Option(
      names = "--tsa-url",
      converter = OptionValues.HttpUrl.class,
      paramLabel = "URL",
      description =
          "RFC 3161 timestamp authority: timestamp the signature (kept as SHA256SUMS.p7s.tsr)."
              + " Without it the bundle carries no trusted time.")
  String tsaUrl;

  @Option(
      names = "--include-raw",
      description = "Also copy the snapshot's raw evidence tables into the bundle's tables/.")
  boolean includeRaw;

  @Override
  public Integer call() {
    boolean range = from != null || to != null;
    if (range) {
      if (date != null) {
        throw new ParameterException(
            spec.commandLine(), "give --date D for one snapshot, or --from and --to for a range");
      }
      if (from == null || to == null) {
        throw new ParameterException(
            spec.commandLine(), "a range needs both --from and --to (YYYY-MM-DD)");
      }
    }
    if (warehouse == null || (date == null && !range) || key == null || cert == null) {
      throw new UserError(
          "evidence needs --warehouse, --date (or --from and --to), --key and --cert (or a"
              + " subcommand: verify, keygen)");
    }
    EvidenceBundle.Result r;
    if (range) {
      LocalDate f = SnapshotOptions.parseDate(from);
      LocalDate t = SnapshotOptions.parseDate(to);
      if (f.isAfter(t)) {
        throw new ParameterException(
            spec.commandLine(), "--from " + f + " is after --to " + t + ": nothing in between");
      }
      QuarterSummary.Cadence c;
      try {
        c = QuarterSummary.Cadence.parse(cadence);
      } catch (UserError e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      SigningIdentity identity = SigningIdentity.load(key, cert, keyPassword);
      r =
          WarehouseAccess.read(
              objectStore,
              warehouse,
              WarehouseAccess.range(f, t),
              wh ->
                  QuarterBundle.build(
                      new QuarterBundle.Request(
                          wh, f, t, c, rules, exemptions, identity, out, tsaUrl, includeRaw)));
    } else {
      LocalDate d = SnapshotOptions.parseDate(date);
      r =
          WarehouseAccess.read(
              objectStore,
              warehouse,
              WarehouseAccess.snapshot(d),
              wh -> {
                // A date never scored is refused, naming the scored dates, before the key is read.
                dev.fleetscore.report.SnapshotFiles.open(wh, d);
                return EvidenceBundle.build(
                    new EvidenceBundle.Request(
                        wh,
                        d,
                        rules,
                        exemptions,
                        SigningIdentity.load(key, cert, keyPassword),
                        out,
                        tsaUrl,
                        includeRaw));
              });
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println("bundle:   " + r.folder());
    o.println("archive:  " + r.archive());
    o.println("manifest: sha256 " + r.manifestSha256() + ", " + r.files() + " files");
    if (range) {
      o.println("summary:  " + r.folder().resolve(QuarterBundle.SUMMARY_HTML));
    }
    if (tsaUrl != null) {
      o.println("timestamp: " + r.folder().resolve("SHA256SUMS.p7s.tsr") + " from " + tsaUrl);
    }
    r.warnings().forEach(w -> o.println("warning:  " + w));
    o.flush();
    return ExitCodes.OK;
  }
}
