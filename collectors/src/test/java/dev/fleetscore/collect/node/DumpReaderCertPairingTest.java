package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every certificate is verified against the CA of the component that consumes it, and the pairing
 * is recorded in certificates.verify_ca_setting: the kubelet's serving and client certificates
 * against the API server's --kubelet-certificate-authority and --client-ca-file, the API server's
 * kubelet client certificate against the kubelet's clientCAFile, the front-proxy client against the
 * request-header CA, etcd's server, peer and client certificates against the etcd CA settings of
 * their consumers.
 */
class DumpReaderCertPairingTest {

  @TempDir Path tmp;

  private static final AtomicLong SERIAL = new AtomicLong(100);
  private static final String PKI = "/etc/kubernetes/pki/";

  record Ca(KeyPair keys, X509CertificateHolder cert) {}

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static Ca ca(String cn) {
    try {
      KeyPair kp = keys();
      X500Name dn = new X500Name("CN=" + cn);
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  dn,
                  BigInteger.valueOf(SERIAL.incrementAndGet()),
                  Date.from(Instant.parse("2026-01-01T00:00:00Z")),
                  Date.from(Instant.parse("2036-01-01T00:00:00Z")),
                  dn,
                  kp.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      return new Ca(kp, cert);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509CertificateHolder leaf(Ca issuer, String cn) {
    try {
      return new JcaX509v3CertificateBuilder(
              issuer.cert().getSubject(),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(Instant.parse("2026-01-01T00:00:00Z")),
              Date.from(Instant.parse("2027-01-01T00:00:00Z")),
              new X500Name("CN=" + cn),
              keys().getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(X509CertificateHolder c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String argv(String... words) {
    return String.join("\0", words) + "\0";
  }

  private Map<String, CertificateRow> read(Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = tmp.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    NodeEvidence ev =
        new DumpReader(new DumpReader.Snapshot("s", LocalDate.of(2026, 3, 14)), 1 << 20)
            .read(tmp, "n1");
    Map<String, CertificateRow> out = new TreeMap<>();
    ev.getCertificates().forEach(c -> out.put(c.getPath(), c));
    return out;
  }

  /** "status setting ca_path" of one certificate. */
  private static String pairing(Map<String, CertificateRow> certs, String path) {
    CertificateRow c = certs.get(path);
    if (c == null) {
      throw new AssertionError("no certificate " + path + " in " + certs.keySet());
    }
    return c.getVerifyStatus() + " " + c.getVerifyCaSetting() + " " + c.getVerifyCaPath();
  }

  @Test
  void eachCertificateIsVerifiedAgainstItsConsumersCa() throws IOException {
    Ca cluster = ca("kubernetes");
    Ca etcd = ca("etcd-ca");
    Ca frontProxy = ca("front-proxy-ca");
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "meta.env",
        "cluster=kubeadm:lab\nnode=cp-1\ncollected_at=2026-03-14T03:00:00Z\nprovider=kubeadm\n");
    f.put(
        "cmdline/10",
        argv(
            "kube-apiserver",
            "--tls-cert-file=" + PKI + "apiserver.crt",
            "--client-ca-file=" + PKI + "ca.crt",
            "--kubelet-client-certificate=" + PKI + "apiserver-kubelet-client.crt",
            "--kubelet-certificate-authority=" + PKI + "ca.crt",
            "--proxy-client-cert-file=" + PKI + "front-proxy-client.crt",
            "--requestheader-client-ca-file=" + PKI + "front-proxy-ca.crt",
            "--etcd-certfile=" + PKI + "apiserver-etcd-client.crt",
            "--etcd-cafile=" + PKI + "etcd/ca.crt"));
    f.put(
        "cmdline/11",
        argv(
            "etcd",
            "--cert-file=" + PKI + "etcd/server.crt",
            "--trusted-ca-file=" + PKI + "etcd/ca.crt",
            "--peer-cert-file=" + PKI + "etcd/peer.crt",
            "--peer-trusted-ca-file=" + PKI + "etcd/ca.crt"));
    f.put("cmdline/12", argv("kube-controller-manager", "--root-ca-file=" + PKI + "ca.crt"));
    f.put(
        "cmdline/13",
        argv(
            "/usr/bin/kubelet",
            "--kubeconfig=/etc/kubernetes/kubelet.conf",
            "--client-ca-file=" + PKI + "ca.crt"));
    f.put(
        "fs/etc/kubernetes/kubelet.conf",
        "apiVersion: v1\nkind: Config\n"
            + "clusters: [{name: k, cluster: {server: 'https://10.0.0.1:6443'}}]\n"
            + "users: [{name: u, user: {client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem}}]\n");
    f.put("fs" + PKI + "ca.crt", pem(cluster.cert()));
    f.put("fs" + PKI + "etcd/ca.crt", pem(etcd.cert()));
    f.put("fs" + PKI + "front-proxy-ca.crt", pem(frontProxy.cert()));
    f.put("fs" + PKI + "apiserver.crt", pem(leaf(cluster, "kube-apiserver")));
    f.put("fs" + PKI + "apiserver-kubelet-client.crt", pem(leaf(cluster, "kube-apiserver-kc")));
    f.put("fs" + PKI + "front-proxy-client.crt", pem(leaf(frontProxy, "front-proxy-client")));
    f.put("fs" + PKI + "apiserver-etcd-client.crt", pem(leaf(etcd, "kube-apiserver-etcd")));
    f.put("fs" + PKI + "etcd/server.crt", pem(leaf(etcd, "cp-1")));
    // Issued by the cluster CA instead of the etcd CA its peers trust.
    f.put("fs" + PKI + "etcd/peer.crt", pem(leaf(cluster, "cp-1-peer")));
    f.put(
        "fs/var/lib/kubelet/pki/kubelet-server-current.pem",
        pem(leaf(cluster, "system:node:cp-1")));
    f.put(
        "fs/var/lib/kubelet/pki/kubelet-client-current.pem",
        pem(leaf(cluster, "system:node:cp-1")));
    Map<String, CertificateRow> certs = read(f);

    assertEquals(
        "VERIFIED kube-controller-manager --root-ca-file " + PKI + "ca.crt",
        pairing(certs, PKI + "apiserver.crt"));
    assertEquals(
        "VERIFIED kubelet --client-ca-file " + PKI + "ca.crt",
        pairing(certs, PKI + "apiserver-kubelet-client.crt"));
    assertEquals(
        "VERIFIED kube-apiserver --requestheader-client-ca-file " + PKI + "front-proxy-ca.crt",
        pairing(certs, PKI + "front-proxy-client.crt"));
    assertEquals(
        "VERIFIED etcd --trusted-ca-file " + PKI + "etcd/ca.crt",
        pairing(certs, PKI + "apiserver-etcd-client.crt"));
    assertEquals(
        "VERIFIED kube-apiserver --etcd-cafile " + PKI + "etcd/ca.crt",
        pairing(certs, PKI + "etcd/server.crt"));
    assertEquals(
        "SIGNATURE_INVALID etcd --peer-trusted-ca-file " + PKI + "etcd/ca.crt",
        pairing(certs, PKI + "etcd/peer.crt"));
    assertEquals(
        "VERIFIED kube-apiserver --kubelet-certificate-authority " + PKI + "ca.crt",
        pairing(certs, "/var/lib/kubelet/pki/kubelet-server-current.pem"));
    assertEquals(
        "VERIFIED kube-apiserver --client-ca-file " + PKI + "ca.crt",
        pairing(certs, "/var/lib/kubelet/pki/kubelet-client-current.pem"));
    // A CA is verified by no one.
    assertEquals("NOT_CHECKED null null", pairing(certs, PKI + "ca.crt"));
  }

  @Test
  void aWorkersKubeletCertificatesNameTheirVerifierEvenWhenItRunsElsewhere() throws IOException {
    Ca cluster = ca("kubernetes");
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "meta.env",
        "cluster=kubeadm:lab\nnode=w-1\ncollected_at=2026-03-14T03:00:00Z\nprovider=kubeadm\n");
    f.put(
        "cmdline/13",
        argv(
            "/usr/bin/kubelet",
            "--client-ca-file=" + PKI + "ca.crt",
            "--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt"));
    f.put("fs" + PKI + "ca.crt", pem(cluster.cert()));
    f.put("fs/var/lib/kubelet/pki/kubelet.crt", pem(leaf(cluster, "w-1")));
    Map<String, CertificateRow> certs = read(f);
    CertificateRow serving = certs.get("/var/lib/kubelet/pki/kubelet.crt");
    assertEquals("NOT_CHECKED", serving.getVerifyStatus());
    assertNull(serving.getVerifyCaPath());
    assertEquals("kube-apiserver --kubelet-certificate-authority", serving.getVerifyCaSetting());
    assertTrue(serving.getVerifyDetail().contains("not in this dump"), serving.getVerifyDetail());
  }

  @Test
  void aConsumerOnTheNodeThatNamesNoCaVerifiesNothing() throws IOException {
    Ca cluster = ca("kubernetes");
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "meta.env",
        "cluster=kubeadm:lab\nnode=cp-1\ncollected_at=2026-03-14T03:00:00Z\nprovider=kubeadm\n");
    // The API server runs here without --kubelet-certificate-authority.
    f.put("cmdline/10", argv("kube-apiserver", "--client-ca-file=" + PKI + "ca.crt"));
    f.put(
        "cmdline/13", argv("/usr/bin/kubelet", "--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt"));
    f.put("fs" + PKI + "ca.crt", pem(cluster.cert()));
    f.put("fs/var/lib/kubelet/pki/kubelet.crt", pem(leaf(cluster, "cp-1")));
    Map<String, CertificateRow> certs = read(f);
    assertEquals(
        "NO_CA_CONFIGURED kube-apiserver --kubelet-certificate-authority null",
        pairing(certs, "/var/lib/kubelet/pki/kubelet.crt"));
    String detail = certs.get("/var/lib/kubelet/pki/kubelet.crt").getVerifyDetail();
    assertTrue(detail.contains("verifies this certificate against no CA"), detail);
  }
}
