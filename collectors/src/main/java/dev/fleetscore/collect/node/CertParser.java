package dev.fleetscore.collect.node;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Reads the certificates of a PEM file with BouncyCastle. Only {@code CERTIFICATE} blocks are
 * decoded: any private-key block is counted and skipped unread, so a key copied by mistake never
 * reaches a table. A file with no certificate block (binary junk, a truncated copy) or a block that
 * is not a valid certificate yields a problem, and the valid certificates of the file are kept.
 */
final class CertParser {

  /** One decoded certificate with the facts the certificates table holds. */
  record Cert(int index, X509CertificateHolder holder, byte[] der) {}

  /** The certificates of one file, and what was wrong with it. */
  record Result(List<Cert> certs, List<String[]> problems, int privateKeyBlocks) {}

  private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

  private CertParser() {}

  /** True when a file looks like it is meant to hold certificates. */
  static boolean looksLikeCertificateFile(String path, byte[] content) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    if (p.endsWith(".crt") || p.endsWith(".cer") || p.endsWith(".pem")) {
      return !isKeyFileName(p);
    }
    return contains(content, "-----BEGIN CERTIFICATE-----");
  }

  static boolean isKeyFileName(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    return p.endsWith(".key") || p.endsWith("-key.pem") || p.endsWith("_key.pem");
  }

  static boolean containsPrivateKey(byte[] content) {
    return contains(content, "PRIVATE KEY-----");
  }

  private static boolean contains(byte[] content, String needle) {
    return new String(content, StandardCharsets.ISO_8859_1).contains(needle);
  }

  static Result parse(byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    List<Cert> certs = new ArrayList<>();
    List<String[]> problems = new ArrayList<>();
    int keys = 0;
    int index = 0;
    int blocks = 0;
    // A plain scan, not a regex: a lazy DOTALL pattern recurses per character in java.util.regex
    // and was the importer's largest cost on PEM files.
    int at = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", at);
      if (begin < 0) {
        break;
      }
      int typeEnd = text.indexOf("-----", begin + 11);
      if (typeEnd < 0) {
        break;
      }
      String type = text.substring(begin + 11, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = text.indexOf(endMarker, typeEnd + 5);
      if (end < 0) {
        break;
      }
      at = end + endMarker.length();
      blocks++;
      if (type.contains("PRIVATE KEY")) {
        keys++;
        continue;
      }
      if (!type.equals("CERTIFICATE")) {
        continue;
      }
      int i = index++;
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(text.substring(typeEnd + 5, end).strip());
        certs.add(new Cert(i, new X509CertificateHolder(der), der));
      } catch (IllegalArgumentException | IOException e) {
        problems.add(
            new String[] {
              "NOT_PEM",
              "certificate " + i + " of the file is not a valid certificate: " + shortMsg(e)
            });
      }
    }
    if (blocks == 0) {
      problems.add(
          new String[] {
            "NOT_PEM",
            text.contains("-----BEGIN")
                ? "a PEM block starts but never ends (truncated file)"
                : "no PEM block in the file (binary or other content)"
          });
    } else if (text.lastIndexOf("-----BEGIN") > text.lastIndexOf("-----END")) {
      problems.add(new String[] {"TRUNCATED", "the last PEM block never ends (truncated file)"});
    }
    return new Result(certs, problems, keys);
  }

  private static String shortMsg(Exception e) {
    String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  static String rfc4514(X500Name n) {
    try {
      return new X500Principal(n.getEncoded()).getName(X500Principal.RFC2253);
    } catch (IOException | IllegalArgumentException e) {
      return n.toString();
    }
  }

  static String sha256(byte[] der) {
    MessageDigest md = DumpFiles.sha256();
    return HexFormat.of().formatHex(md.digest(der));
  }

  static String signatureAlgorithm(X509CertificateHolder h) {
    return NAMES
        .getAlgorithmName(h.getSignatureAlgorithm())
        .replace("-", "")
        .toUpperCase(java.util.Locale.ROOT);
  }

  /** Algorithm, bits and curve of the subject public key. */
  record KeyFacts(String algorithm, Integer bits, String curve) {}

  static KeyFacts keyFacts(SubjectPublicKeyInfo spki) {
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    try {
      if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        RSAPublicKey k = RSAPublicKey.getInstance(spki.parsePublicKey());
        return new KeyFacts("RSA", k.getModulus().bitLength(), null);
      }
      if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
        var params = spki.getAlgorithm().getParameters();
        if (params instanceof ASN1ObjectIdentifier curve) {
          X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
          String name = ECNamedCurveTable.getName(curve);
          return new KeyFacts(
              "EC",
              x9 == null ? null : x9.getCurve().getFieldSize(),
              name == null ? curve.getId() : name);
        }
        return new KeyFacts("EC", null, null);
      }
      if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
        return new KeyFacts("Ed25519", 256, null);
      }
      if (alg.equals(X9ObjectIdentifiers.id_dsa)) {
        return new KeyFacts("DSA", null, null);
      }
    } catch (IOException | RuntimeException e) {
      return new KeyFacts(alg.getId(), null, null);
    }
    return new KeyFacts(alg.getId(), null, null);
  }

  static List<String> sans(X509CertificateHolder h, int tag) {
    List<String> out = new ArrayList<>();
    GeneralNames g =
        GeneralNames.fromExtensions(h.getExtensions(), Extension.subjectAlternativeName);
    if (g == null) {
      return out;
    }
    for (GeneralName n : g.getNames()) {
      if (n.getTagNo() != tag) {
        continue;
      }
      if (tag == GeneralName.iPAddress) {
        byte[] b = org.bouncycastle.asn1.DEROctetString.getInstance(n.getName()).getOctets();
        try {
          out.add(java.net.InetAddress.getByAddress(b).getHostAddress());
        } catch (java.net.UnknownHostException e) {
          out.add(HexFormat.of().formatHex(b));
        }
      } else {
        out.add(n.getName().toString());
      }
    }
    return out;
  }

  private static final String[] KU_NAMES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };
  private static final int[] KU_BITS = {
    KeyUsage.digitalSignature,
    KeyUsage.nonRepudiation,
    KeyUsage.keyEncipherment,
    KeyUsage.dataEncipherment,
    KeyUsage.keyAgreement,
    KeyUsage.keyCertSign,
    KeyUsage.cRLSign,
    KeyUsage.encipherOnly,
    KeyUsage.decipherOnly
  };

  static List<String> keyUsage(X509CertificateHolder h) {
    List<String> out = new ArrayList<>();
    KeyUsage ku = KeyUsage.fromExtensions(h.getExtensions());
    if (ku != null) {
      for (int i = 0; i < KU_BITS.length; i++) {
        if (ku.hasUsages(KU_BITS[i])) {
          out.add(KU_NAMES[i]);
        }
      }
    }
    return out;
  }

  static List<String> extendedKeyUsage(X509CertificateHolder h) {
    List<String> out = new ArrayList<>();
    ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(h.getExtensions());
    if (eku != null) {
      for (KeyPurposeId k : eku.getUsages()) {
        out.add(ekuName(k));
      }
    }
    return out;
  }

  private static String ekuName(KeyPurposeId k) {
    if (k.equals(KeyPurposeId.id_kp_serverAuth)) {
      return "serverAuth";
    } else if (k.equals(KeyPurposeId.id_kp_clientAuth)) {
      return "clientAuth";
    } else if (k.equals(KeyPurposeId.id_kp_codeSigning)) {
      return "codeSigning";
    } else if (k.equals(KeyPurposeId.id_kp_emailProtection)) {
      return "emailProtection";
    } else if (k.equals(KeyPurposeId.id_kp_OCSPSigning)) {
      return "OCSPSigning";
    } else if (k.equals(KeyPurposeId.id_kp_timeStamping)) {
      return "timeStamping";
    } else if (k.equals(KeyPurposeId.anyExtendedKeyUsage)) {
      return "anyExtendedKeyUsage";
    }
    return k.getId();
  }

  static BasicConstraints basicConstraints(X509CertificateHolder h) {
    return BasicConstraints.fromExtensions(h.getExtensions());
  }

  static String subjectKeyId(X509CertificateHolder h) {
    SubjectKeyIdentifier s = SubjectKeyIdentifier.fromExtensions(h.getExtensions());
    return s == null ? null : HexFormat.of().formatHex(s.getKeyIdentifier());
  }

  static String authorityKeyId(X509CertificateHolder h) {
    AuthorityKeyIdentifier a = AuthorityKeyIdentifier.fromExtensions(h.getExtensions());
    return a == null || a.getKeyIdentifierOctets() == null
        ? null
        : HexFormat.of().formatHex(a.getKeyIdentifierOctets());
  }

  static String serialHex(BigInteger serial) {
    return serial.toString(16);
  }

  /** True when {@code signer}'s key verifies {@code cert}'s signature. */
  static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder signer) {
    try {
      return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer));
    } catch (Exception e) {
      // An unsupported or broken key cannot have signed it.
      return false;
    }
  }
}
