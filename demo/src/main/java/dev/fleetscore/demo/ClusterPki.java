package dev.fleetscore.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * A cluster's certificate authorities, made the way its distribution makes them: GKE's CA named by
 * a UUID, EKS's and kubeadm's "kubernetes", AKS's "ca", kubeadm's separate etcd and front-proxy CAs
 * (or, in clusters planted with {@link Planted#ETCD_SHARES_CLUSTER_CA}, etcd reusing the cluster
 * CA), and k3s's P-256 server and client CAs. Keys come from {@link KeyPool}; validity is relative
 * to the cluster's creation, which is relative to the snapshot date.
 */
final class ClusterPki {

  /** A CA: name, key pair and self-signed certificate. */
  record Ca(X500Name name, AsymmetricCipherKeyPair key, X509CertificateHolder cert) {
    SubjectPublicKeyInfo spki() {
      return cert.getSubjectPublicKeyInfo();
    }

    String pem() {
      return Certs.pem(cert);
    }
  }

  final ClusterPlan cluster;
  final Ca ca;
  final Ca etcdCa;
  final Ca frontProxyCa;
  final Ca clientCa;

  /** Key of control-plane leaves (one key for all, as a pool stand-in; never written). */
  final AsymmetricCipherKeyPair leafKey;

  /** A key that belongs to no CA of this cluster, for certificates that lie about their issuer. */
  final AsymmetricCipherKeyPair impostorKey;

  private final int slot;

  private ClusterPki(ClusterPlan c) {
    this.cluster = c;
    this.slot =
        (int) Math.floorMod(Seeds.derive(c.seed, "pki-slot", c.index), (long) KeyPool.RSA_SLOTS);
    Random r = Seeds.random(c.seed, "pki", c.index);
    Instant created = c.created;
    switch (c.type) {
      case GKE, GKE_LEGACY -> {
        ca = selfSigned(Certs.dn(null, uuid(r)), rsa(0), created, 1826, r);
        etcdCa = null;
        frontProxyCa = null;
        clientCa = ca;
      }
      case EKS -> {
        ca = selfSigned(Certs.dn(null, "kubernetes"), rsa(0), created, 3650, r);
        etcdCa = null;
        frontProxyCa = null;
        clientCa = ca;
      }
      case AKS -> {
        ca = selfSigned(Certs.dn(null, "ca"), rsa(0), created, 10957, r);
        etcdCa = null;
        frontProxyCa = null;
        clientCa = ca;
      }
      case KUBEADM -> {
        ca = selfSigned(Certs.dn(null, "kubernetes"), rsa(0), created, 3650, r);
        etcdCa =
            c.etcdSharesCa ? ca : selfSigned(Certs.dn(null, "etcd-ca"), rsa(1), created, 3650, r);
        frontProxyCa = selfSigned(Certs.dn(null, "front-proxy-ca"), rsa(2), created, 3650, r);
        clientCa = ca;
      }
      case K3S -> {
        long epoch = created.getEpochSecond();
        ca = selfSigned(Certs.dn(null, "k3s-server-ca@" + epoch), ec(0), created, 3650, r);
        clientCa = selfSigned(Certs.dn(null, "k3s-client-ca@" + epoch), ec(1), created, 3650, r);
        etcdCa = null;
        // k3s's request-header CA (server/tls/request-header-ca.crt); its own random source keeps
        // the other certificates of the cluster as they were.
        frontProxyCa =
            selfSigned(
                Certs.dn(null, "k3s-request-header-ca@" + epoch),
                ec(4),
                created,
                3650,
                Seeds.random(c.seed, "pki-request-header", c.index));
      }
      default -> throw new IllegalStateException(c.type.toString());
    }
    this.leafKey = c.type == ClusterPlan.Type.K3S ? ec(2) : rsa(3);
    this.impostorKey = c.type == ClusterPlan.Type.K3S ? ec(3) : rsa(4);
  }

  static ClusterPki of(ClusterPlan c) {
    return new ClusterPki(c);
  }

  /** A distinct RSA-2048 pool key per role within this cluster. */
  AsymmetricCipherKeyPair rsa(int role) {
    return KeyPool.rsa(cluster.seed, 2048, (slot + role) % KeyPool.RSA_SLOTS);
  }

  AsymmetricCipherKeyPair ec(int role) {
    return KeyPool.ec(cluster.seed, (int) Math.floorMod(slot * 7L + role, (long) KeyPool.EC_SLOTS));
  }

  private static Ca selfSigned(
      X500Name name, AsymmetricCipherKeyPair key, Instant from, int days, Random r) {
    X509CertificateHolder cert =
        new Certs.Spec()
            .subject(name, Certs.spki(key.getPublic()))
            .issuer(name, Certs.spki(key.getPublic()), key.getPrivate())
            .validity(from, from.plus(days, ChronoUnit.DAYS))
            .serial(Certs.serial(r))
            .ca(true)
            .build();
    return new Ca(name, key, cert);
  }

  /** A certificate issued by {@code issuer}; {@code tweak} adds names, usages or defects. */
  static X509CertificateHolder issue(
      Ca issuer,
      X500Name subject,
      AsymmetricKeyParameter subjectKey,
      Instant notBefore,
      Instant notAfter,
      Random r,
      Consumer<Certs.Spec> tweak) {
    Certs.Spec spec =
        new Certs.Spec()
            .subject(subject, Certs.spki(subjectKey))
            .issuer(issuer.name(), issuer.spki(), issuer.key().getPrivate())
            .validity(notBefore, notAfter)
            .serial(Certs.serial(r));
    tweak.accept(spec);
    return spec.build();
  }

  /** A self-signed CA and a leaf it signs, as kubelet's GenerateSelfSignedCertKey writes them. */
  static X509CertificateHolder[] kubeletSelfSigned(
      String host,
      AsymmetricCipherKeyPair caKey,
      AsymmetricCipherKeyPair leafKey,
      Instant notBefore,
      Instant notAfter,
      Random r) {
    long epoch = notBefore.getEpochSecond();
    X500Name caName = Certs.dn(null, host + "-ca@" + epoch);
    Ca ca =
        new Ca(
            caName,
            caKey,
            new Certs.Spec()
                .subject(caName, Certs.spki(caKey.getPublic()))
                .issuer(caName, Certs.spki(caKey.getPublic()), caKey.getPrivate())
                .validity(notBefore, notAfter)
                .serial(Certs.serial(r))
                .ca(true)
                .build());
    X509CertificateHolder leaf =
        issue(
            ca,
            Certs.dn(null, host + "@" + epoch),
            leafKey.getPublic(),
            notBefore,
            notAfter,
            r,
            s ->
                s.usage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth)
                    .ca(false)
                    .dns(host));
    return new X509CertificateHolder[] {leaf, ca.cert()};
  }

  private static String uuid(Random r) {
    String h = Seeds.hex(r, 32);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }
}
