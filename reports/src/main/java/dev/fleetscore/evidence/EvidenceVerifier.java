package dev.fleetscore.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.UserError;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Checks an evidence bundle, given as its folder or its {@code .tar.gz} (read in place, never
 * extracted): the CMS signature over {@code manifest.json}, then every file the manifest lists
 * (present, same size, same SHA-256), and that the bundle holds no file the manifest does not list.
 * Every problem names the file it is about. With a trusted certificate, the signer must be exactly
 * that certificate; without one, the result says who signed so a person can decide.
 */
public final class EvidenceVerifier {

  private EvidenceVerifier() {}

  /**
   * The outcome.
   *
   * @param problems one line per problem, each naming a file; empty when the bundle is intact
   * @param filesChecked files compared with the manifest
   * @param signerSubject the signer's certificate subject, or null
   * @param signerSha256 the SHA-256 fingerprint of the signer's certificate, or null
   * @param pinned whether the signer was checked against a trusted certificate
   */
  public record Result(
      List<String> problems,
      int filesChecked,
      String signerSubject,
      String signerSha256,
      boolean pinned) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private record Content(long size, String sha256, byte[] bytes) {}

  /** Verifies {@code bundle} (folder or .tar.gz); {@code trustedCert} may be null. */
  public static Result verify(Path bundle, Path trustedCert) {
    X509CertificateHolder trusted =
        trustedCert == null ? null : SigningIdentity.readCertificate(trustedCert);
    Map<String, Content> files;
    if (Files.isDirectory(bundle)) {
      files = folder(bundle);
    } else if (Files.isRegularFile(bundle)) {
      files = archive(bundle);
    } else {
      throw new UserError("no evidence bundle at " + bundle);
    }
    List<String> problems = new ArrayList<>();
    Content manifest = files.get(Manifest.FILE);
    Content signature = files.get(Manifest.SIGNATURE);
    if (manifest == null) {
      problems.add(Manifest.FILE + ": missing; nothing can be verified without it");
      return new Result(problems, 0, null, null, trusted != null);
    }
    String subject = null;
    String fp = null;
    if (signature == null) {
      problems.add(Manifest.SIGNATURE + ": missing, so " + Manifest.FILE + " is not signed");
    } else {
      Crypto.Check c = Crypto.verifyDetached(manifest.bytes(), signature.bytes());
      if (c.signer() != null) {
        subject = c.signer().getSubject().toString();
        fp = SigningIdentity.fingerprint(c.signer());
      }
      if (!c.valid()) {
        problems.add(
            Manifest.FILE
                + ": signature check failed ("
                + c.problem()
                + "); either file may have been changed ("
                + Manifest.FILE
                + " or "
                + Manifest.SIGNATURE
                + ")");
      } else if (trusted != null && !Arrays.equals(encoded(trusted), encoded(c.signer()))) {
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
    }

    JsonNode m;
    try {
      m = Manifest.parse(manifest.bytes());
    } catch (IOException e) {
      problems.add(Manifest.FILE + ": not valid JSON: " + e.getMessage());
      return new Result(problems, 0, subject, fp, trusted != null);
    }
    if (!Manifest.FORMAT.equals(m.path("format").asText())) {
      problems.add(Manifest.FILE + ": unknown format '" + m.path("format").asText() + "'");
    }
    TreeMap<String, JsonNode> listed = new TreeMap<>();
    for (JsonNode f : m.path("files")) {
      listed.put(f.path("path").asText(), f);
    }
    int checked = 0;
    for (Map.Entry<String, JsonNode> e : listed.entrySet()) {
      Content c = files.get(e.getKey());
      checked++;
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
      if (!listed.containsKey(f) && !f.equals(Manifest.FILE) && !f.equals(Manifest.SIGNATURE)) {
        problems.add(f + ": in the bundle but not listed in the manifest");
      }
    }
    return new Result(problems, checked, subject, fp, trusted != null);
  }

  private static byte[] encoded(X509CertificateHolder c) {
    try {
      return c.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Content> folder(Path dir) {
    Map<String, Content> out = new TreeMap<>();
    for (String rel : BundleArchive.files(dir)) {
      Path p = dir.resolve(rel);
      boolean keep = rel.equals(Manifest.FILE) || rel.equals(Manifest.SIGNATURE);
      try (InputStream in = Files.newInputStream(p)) {
        out.put(rel, read(in, keep));
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
        boolean keep = rel.equals(Manifest.FILE) || rel.equals(Manifest.SIGNATURE);
        out.put(rel, read(tar, keep));
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
