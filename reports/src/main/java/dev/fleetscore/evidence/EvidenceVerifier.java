package dev.fleetscore.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.UserError;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Checks an evidence bundle, given as its folder or its {@code .tar.gz} (read in place, never
 * extracted): both CMS signatures ({@code manifest.json.p7s}, {@code SHA256SUMS.p7s}); that the
 * manifest's {@code signer_sha256}, the bundled {@code signer.pem} and the signer of each signature
 * are one and the same certificate; every file the manifest and {@code SHA256SUMS} list (present,
 * same size, same SHA-256); and that the bundle holds no other file. Every problem names the file
 * it is about. Only a trusted certificate, given separately, makes the bundle {@link
 * Outcome#VERIFIED}: without one anybody could have re-signed a consistent bundle with their own
 * key, so an intact bundle is only {@link Outcome#UNPINNED}.
 */
public final class EvidenceVerifier {

  private EvidenceVerifier() {}

  /** What a check concluded. */
  public enum Outcome {
    /** Intact, consistent, and signed by the trusted certificate. */
    VERIFIED,
    /** Intact and consistent, but no trusted certificate was given: who signed is not checked. */
    UNPINNED,
    /** At least one problem. */
    FAILED
  }

  /**
   * The outcome.
   *
   * @param problems one line per problem, each naming a file; empty when the bundle is intact
   * @param filesChecked files compared with the manifest
   * @param signerSubject the signer's certificate subject, or null
   * @param signerSha256 the SHA-256 fingerprint of the signer's certificate, or null
   * @param pinned whether the signer was checked against a trusted certificate
   * @param timestamp what the bundle's RFC 3161 timestamp says (time, authority, whether the
   *     authority was checked against a trusted certificate), or null when it has none
   */
  public record Result(
      List<String> problems,
      int filesChecked,
      String signerSubject,
      String signerSha256,
      boolean pinned,
      String timestamp) {
    public Outcome outcome() {
      if (!problems.isEmpty()) {
        return Outcome.FAILED;
      }
      return pinned ? Outcome.VERIFIED : Outcome.UNPINNED;
    }
  }

  private record Content(long size, String sha256, byte[] bytes) {}

  private static final String SIGNER_PEM = "signer.pem";

  /** The files whose bytes the checks read, beyond their hash. */
  private static final Set<String> KEEP =
      Set.of(
          Manifest.FILE,
          Manifest.SIGNATURE,
          Checksums.FILE,
          Checksums.SIGNATURE,
          SIGNER_PEM,
          Timestamps.FILE);

  /** Verifies {@code bundle} (folder or .tar.gz); {@code trustedCert} may be null. */
  public static Result verify(Path bundle, Path trustedCert) {
    return verify(bundle, trustedCert, List.of());
  }

  /**
   * Verifies {@code bundle}; {@code trustedCert} may be null; {@code trustedTsa} are the
   * certificates a timestamp authority's certificate must be, or be issued by (empty: the
   * timestamp, when there is one, is checked but its authority is not).
   */
  public static Result verify(Path bundle, Path trustedCert, List<Path> trustedTsa) {
    List<X509CertificateHolder> tsaCerts = new ArrayList<>();
    for (Path p : trustedTsa) {
      tsaCerts.add(SigningIdentity.readCertificate(p));
    }
    return check(bundle, trustedCert, tsaCerts);
  }

  private static Result check(
      Path bundle, Path trustedCert, List<X509CertificateHolder> trustedTsa) {
    X509CertificateHolder trusted =
        trustedCert == null ? null : SigningIdentity.readCertificate(trustedCert);
    boolean pinned = trusted != null;
    List<String> problems = new ArrayList<>();
    Map<String, Content> files;
    if (Files.isDirectory(bundle)) {
      files = folder(bundle, problems);
    } else if (Files.isRegularFile(bundle)) {
      files = archive(bundle);
    } else {
      throw new UserError("no evidence bundle at " + bundle);
    }
    Content manifest = files.get(Manifest.FILE);
    if (manifest == null) {
      problems.add(Manifest.FILE + ": missing; nothing can be verified without it");
      return new Result(problems, 0, null, null, pinned, null);
    }
    X509CertificateHolder signer = signer(files, Manifest.FILE, Manifest.SIGNATURE, problems);
    String subject = signer == null ? null : signer.getSubject().toString();
    String fp = signer == null ? null : SigningIdentity.fingerprint(signer);
    if (signer != null && trusted != null && !fp.equals(SigningIdentity.fingerprint(trusted))) {
      problems.add(
          Manifest.SIGNATURE
              + ": signed by "
              + subject
              + " (sha256 "
              + fp
              + "), not by the trusted certificate "
              + trusted.getSubject()
              + " (sha256 "
              + SigningIdentity.fingerprint(trusted)
              + ")");
    }

    JsonNode m;
    try {
      m = Manifest.parse(manifest.bytes());
    } catch (IOException e) {
      problems.add(Manifest.FILE + ": not valid JSON: " + e.getMessage());
      return new Result(problems, 0, subject, fp, pinned, null);
    }
    if (!Manifest.FORMAT.equals(m.path("format").asText())) {
      problems.add(
          Manifest.FILE
              + ": format '"
              + m.path("format").asText()
              + "', this fleetscore verifies '"
              + Manifest.FORMAT
              + "' (a bundle of another format needs the fleetscore version that made it)");
    }
    X509CertificateHolder sumsSigner = signer(files, Checksums.FILE, Checksums.SIGNATURE, problems);
    signersAgree(m, files.get(SIGNER_PEM), signer, sumsSigner, problems);

    TreeMap<String, JsonNode> listed = new TreeMap<>();
    for (JsonNode f : m.path("files")) {
      listed.put(f.path("path").asText(), f);
    }
    for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
      Content c = files.get(e.getKey());
      if (c == null) {
        problems.add(e.getKey() + ": missing from the bundle");
        continue;
      }
      String want = e.getValue().path("sha256").asText();
      long wantSize = e.getValue().path("bytes").asLong(-1);
      if (!want.equals(c.sha256())) {
        problems.add(
            e.getKey()
                + ": content changed (SHA-256 "
                + c.sha256()
                + ", manifest says "
                + want
                + (wantSize != c.size()
                    ? "; " + c.size() + " bytes, manifest says " + wantSize
                    : "")
                + ")");
      }
    }
    for (String f : files.keySet()) {
      if (!listed.containsKey(f) && !Manifest.UNLISTED.contains(f)) {
        problems.add(f + ": in the bundle but not listed in the manifest");
      }
    }
    checksums(files, problems);
    String timestamp = timestamp(files, trustedTsa, problems);
    return new Result(problems, listed.size(), subject, fp, pinned, timestamp);
  }

  /**
   * The signer of {@code signature} over {@code content}, or null (with a problem) when either is
   * missing or the signature does not verify.
   */
  private static X509CertificateHolder signer(
      Map<String, Content> files, String content, String signature, List<String> problems) {
    Content c = files.get(content);
    Content s = files.get(signature);
    if (c == null || s == null) {
      problems.add(
          (c == null ? content : signature)
              + ": missing, so "
              + content
              + " is not signed"
              + (c == null ? "" : " (" + signature + " is its signature)"));
      return null;
    }
    Crypto.Check check = Crypto.verifyDetached(c.bytes(), s.bytes());
    if (!check.valid()) {
      problems.add(
          content
              + ": signature check failed ("
              + check.problem()
              + "); either file may have been changed ("
              + content
              + " or "
              + signature
              + ")");
      return null;
    }
    return check.signer();
  }

  /**
   * The manifest's {@code signer_sha256} is what the signer said about itself; the bundled
   * certificate and the signer of each signature must all be that certificate, or somebody
   * re-signed (part of) the bundle.
   */
  private static void signersAgree(
      JsonNode manifest,
      Content signerPem,
      X509CertificateHolder manifestSigner,
      X509CertificateHolder sumsSigner,
      List<String> problems) {
    String named = manifest.path("signature").path("signer_sha256").asText("");
    if (named.isEmpty()) {
      problems.add(Manifest.FILE + ": names no signer (signature.signer_sha256 is missing)");
      return;
    }
    signedByNamed(Manifest.SIGNATURE, manifestSigner, named, problems);
    signedByNamed(Checksums.SIGNATURE, sumsSigner, named, problems);
    if (signerPem == null) {
      problems.add(SIGNER_PEM + ": missing, so the bundle does not carry its signer's certificate");
      return;
    }
    String pemFp;
    try {
      pemFp = SigningIdentity.fingerprint(SigningIdentity.parseCertificate(signerPem.bytes()));
    } catch (UserError e) {
      problems.add(SIGNER_PEM + ": " + e.getMessage());
      return;
    }
    if (!pemFp.equals(named)) {
      problems.add(
          SIGNER_PEM
              + ": certificate sha256 "
              + pemFp
              + ", but "
              + Manifest.FILE
              + " names the signer sha256 "
              + named);
    }
  }

  private static void signedByNamed(
      String signature, X509CertificateHolder signer, String named, List<String> problems) {
    if (signer == null) {
      return; // the signature is already reported as missing or invalid
    }
    String fp = SigningIdentity.fingerprint(signer);
    if (!fp.equals(named)) {
      problems.add(
          signature
              + ": signed by "
              + signer.getSubject()
              + " (sha256 "
              + fp
              + "), but "
              + Manifest.FILE
              + " names the signer sha256 "
              + named);
    }
  }

  /**
   * {@code SHA256SUMS} must be byte for byte what sha256sum prints for the bundle's files, as the
   * README.txt procedure's diff requires.
   */
  private static void checksums(Map<String, Content> files, List<String> problems) {
    Content sums = files.get(Checksums.FILE);
    if (sums == null) {
      return; // reported by the signature check
    }
    Map<String, String> listed;
    try {
      listed = Checksums.parse(sums.bytes());
    } catch (IllegalArgumentException e) {
      problems.add(Checksums.FILE + ": " + e.getMessage());
      return;
    }
    Map<String, String> actual = new TreeMap<>();
    files.forEach(
        (p, c) -> {
          if (!p.equals(Checksums.FILE)
              && !p.equals(Checksums.SIGNATURE)
              && !p.equals(Timestamps.FILE)) {
            actual.put(p, c.sha256());
          }
        });
    int before = problems.size();
    for (Map.Entry<String, String> e : listed.entrySet()) {
      String have = actual.get(e.getKey());
      if (have == null) {
        problems.add(e.getKey() + ": listed in " + Checksums.FILE + " but missing from the bundle");
      } else if (!have.equals(e.getValue())) {
        problems.add(
            e.getKey()
                + ": content changed (SHA-256 "
                + have
                + ", "
                + Checksums.FILE
                + " says "
                + e.getValue()
                + ")");
      }
    }
    for (String p : actual.keySet()) {
      if (!listed.containsKey(p)) {
        problems.add(p + ": in the bundle but not listed in " + Checksums.FILE);
      }
    }
    if (problems.size() == before && !Arrays.equals(Checksums.render(listed), sums.bytes())) {
      problems.add(
          Checksums.FILE + ": lines not in byte order of their path, as sha256sum's listing is");
    }
  }

  /**
   * The timestamp's description, or null when the bundle has none; a problem when it does not match
   * the signature or its authority is not the trusted one, and when a trusted authority was given
   * but the bundle has no timestamp.
   */
  private static String timestamp(
      Map<String, Content> files, List<X509CertificateHolder> trustedTsa, List<String> problems) {
    Content tsr = files.get(Timestamps.FILE);
    if (tsr == null) {
      if (!trustedTsa.isEmpty()) {
        problems.add(
            Timestamps.FILE
                + ": missing, but a trusted timestamp authority was given (--tsa-cert)");
      }
      return null;
    }
    Content sig = files.get(Checksums.SIGNATURE);
    if (sig == null) {
      return null; // reported by the signature check
    }
    Timestamps.Check c = Timestamps.verify(tsr.bytes(), sig.bytes(), trustedTsa);
    if (c.problem() != null) {
      problems.add(Timestamps.FILE + ": " + c.problem());
      return null;
    }
    return c.time()
        + " by "
        + c.tsa()
        + (c.pinned()
            ? ", a trusted timestamp authority"
            : " (authority not checked: give --tsa-cert FILE)");
  }

  private static Map<String, Content> folder(Path dir, List<String> problems) {
    Map<String, Content> out = new TreeMap<>();
    List<Path> entries;
    try (Stream<Path> s = Files.walk(dir)) {
      entries = s.sorted().toList();
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (Path p : entries) {
      String rel = BundleArchive.relative(dir, p);
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        // find ! -type d lists it too, so the README procedure fails on it as well.
        problems.add(rel + ": not a regular file (a link or a device); a bundle holds only files");
        continue;
      }
      try (InputStream in = Files.newInputStream(p)) {
        out.put(rel, read(in, KEEP.contains(rel)));
      } catch (IOException e) {
        throw new UserError("cannot read " + p + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Map<String, Content> archive(Path file) {
    Map<String, Content> out = new TreeMap<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz, "UTF-8")) {
      String root = null;
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (name.startsWith("/") || Arrays.asList(name.split("/")).contains("..")) {
          throw new UserError(file + ": entry " + name + " has an unsafe path");
        }
        int slash = name.indexOf('/');
        String top = slash < 0 ? name : name.substring(0, slash);
        if (root == null) {
          root = top;
        } else if (!root.equals(top)) {
          throw new UserError(
              file + ": entries under more than one top folder (" + root + ", " + top + ")");
        }
        if (e.isDirectory()) {
          continue;
        }
        if (!e.isFile()) {
          throw new UserError(file + ": entry " + name + " is not a regular file (link or device)");
        }
        String rel = slash < 0 ? name : name.substring(slash + 1);
        out.put(rel, read(tar, KEEP.contains(rel)));
      }
    } catch (IOException e) {
      throw new UserError(file + ": not a readable .tar.gz (" + e.getMessage() + ")", e);
    }
    return out;
  }

  private static Content read(InputStream in, boolean keep) throws IOException {
    MessageDigest md = Hashing.sha256();
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    byte[] buf = new byte[1 << 16];
    long size = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
      size += n;
      if (kept != null) {
        kept.write(buf, 0, n);
      }
    }
    return new Content(size, Hashing.hex(md.digest()), kept == null ? null : kept.toByteArray());
  }
}
