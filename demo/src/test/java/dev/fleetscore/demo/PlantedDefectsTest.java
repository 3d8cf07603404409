package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every planted item of the default fleet is really in the files, checked the way a consumer would
 * check it: certificates parsed with BouncyCastle, configs with Jackson, command lines from
 * cmdline/, broken inputs really broken.
 */
class PlantedDefectsTest {

  @TempDir static Path tmp;
  static Path fleet;
  static JsonNode manifest;
  static Instant snapshot;

  @BeforeAll
  static void writeDefaultFleet() {
    fleet = tmp.resolve("fleet");
    DemoFleet.write(fleet, FleetSpec.defaults());
    manifest = TestDumps.manifest(fleet);
    snapshot = FleetSpec.DEFAULT_SNAPSHOT_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static TestDumps.Archive archive(JsonNode dump) {
    return TestDumps.read(fleet.resolve(dump.get("path").asText()));
  }

  private static List<X509CertificateHolder> certs(TestDumps.Archive a, String path)
      throws Exception {
    List<X509CertificateHolder> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(a.text("fs" + path)))) {
      Object o;
      while ((o = p.readObject()) != null) {
        out.add((X509CertificateHolder) o);
      }
    }
    return out;
  }

  private static List<String> argv(TestDumps.Archive a, String executableSuffix) {
    for (Map.Entry<String, byte[]> e : a.files().entrySet()) {
      if (e.getKey().startsWith("cmdline/")) {
        List<String> argv =
            Arrays.asList(new String(e.getValue(), StandardCharsets.UTF_8).split("\0", -1));
        argv = argv.subList(0, argv.size() - 1);
        if (argv.get(0).endsWith(executableSuffix)) {
          return argv;
        }
      }
    }
    return null;
  }

  private static List<JsonNode> with(Planted code) {
    List<JsonNode> d = TestDumps.dumpsWith(manifest, code);
    assertFalse(d.isEmpty(), "the default fleet has " + code);
    return d;
  }

  @Test
  void expiredAndExpiringCertificatesAreSoRelativeToTheSnapshot() throws Exception {
    for (Planted code : List.of(Planted.CERT_EXPIRED, Planted.CERT_EXPIRING_SOON)) {
      for (JsonNode d : with(code)) {
        for (JsonNode item : TestDumps.items(d, code)) {
          X509CertificateHolder c = certs(archive(d), item.get("path").asText()).get(0);
          Instant notAfter = c.getNotAfter().toInstant();
          assertEquals(Instant.parse(item.get("not_after").asText()), notAfter);
          if (code == Planted.CERT_EXPIRED) {
            assertTrue(notAfter.isBefore(snapshot), item.toString());
          } else {
            assertTrue(notAfter.isAfter(snapshot), item.toString());
            assertTrue(notAfter.isBefore(snapshot.plus(30, ChronoUnit.DAYS)), item.toString());
          }
        }
      }
    }
  }

  @Test
  void unplantedCertificatesAreValidAtTheSnapshot() throws Exception {
    for (JsonNode d : manifest.get("dumps")) {
      if (!d.get("variant").asText().equals("NORMAL")) {
        continue;
      }
      TestDumps.Archive a = archive(d);
      List<String> planted = new ArrayList<>();
      d.get("planted").forEach(p -> planted.add(p.path("path").asText()));
      for (String f : a.files().keySet()) {
        if ((f.endsWith(".crt") || f.endsWith("kubelet.crt"))
            && !planted.contains(f.substring(2))) {
          for (X509CertificateHolder c : certs(a, f.substring(2))) {
            assertTrue(c.isValidOn(java.util.Date.from(snapshot)), f + " " + c.getSubject());
          }
        }
      }
    }
  }

  @Test
  void theRsa1024CertificateHasA1024BitKey() throws Exception {
    for (JsonNode d : with(Planted.CERT_RSA_1024)) {
      JsonNode item = TestDumps.items(d, Planted.CERT_RSA_1024).get(0);
      X509CertificateHolder c = certs(archive(d), item.get("path").asText()).get(0);
      assertEquals(1024, CertFacts.rsaBits(c.getSubjectPublicKeyInfo()));
    }
  }

  @Test
  void theSha1CertificateIsSignedWithSha1() throws Exception {
    for (JsonNode d : with(Planted.CERT_SHA1_SIGNATURE)) {
      JsonNode item = TestDumps.items(d, Planted.CERT_SHA1_SIGNATURE).get(0);
      X509CertificateHolder c = certs(archive(d), item.get("path").asText()).get(0);
      assertEquals(
          PKCSObjectIdentifiers.sha1WithRSAEncryption, c.getSignatureAlgorithm().getAlgorithm());
    }
  }

  @Test
  void theLyingLeafFailsVerificationAgainstItsClaimedCaWhileItsSiblingPasses() throws Exception {
    for (JsonNode d : with(Planted.CERT_NOT_SIGNED_BY_CLAIMED_CA)) {
      JsonNode item = TestDumps.items(d, Planted.CERT_NOT_SIGNED_BY_CLAIMED_CA).get(0);
      TestDumps.Archive a = archive(d);
      X509CertificateHolder leaf = certs(a, item.get("path").asText()).get(0);
      X509CertificateHolder ca = certs(a, item.get("claimed_ca_path").asText()).get(0);
      assertEquals(ca.getSubject(), leaf.getIssuer());
      assertFalse(CertFacts.signedBy(leaf, ca));
      X509CertificateHolder peer = certs(a, "/etc/kubernetes/pki/etcd/peer.crt").get(0);
      assertTrue(CertFacts.signedBy(peer, ca));
    }
  }

  @Test
  void theCaLeafIsALeafWithCaTrue() throws Exception {
    for (JsonNode d : with(Planted.CERT_LEAF_IS_CA)) {
      JsonNode item = TestDumps.items(d, Planted.CERT_LEAF_IS_CA).get(0);
      X509CertificateHolder c = certs(archive(d), item.get("path").asText()).get(0);
      assertNotEquals(c.getSubject(), c.getIssuer());
      assertTrue(BasicConstraints.fromExtensions(c.getExtensions()).isCA());
    }
  }

  @Test
  void theApiserverCertificateLacksTheNamedSan() throws Exception {
    for (JsonNode d : with(Planted.APISERVER_CERT_MISSING_SAN)) {
      JsonNode item = TestDumps.items(d, Planted.APISERVER_CERT_MISSING_SAN).get(0);
      X509CertificateHolder c = certs(archive(d), item.get("path").asText()).get(0);
      GeneralNames sans =
          GeneralNames.fromExtensions(c.getExtensions(), Extension.subjectAlternativeName);
      List<String> dns = new ArrayList<>();
      for (GeneralName n : sans.getNames()) {
        if (n.getTagNo() == GeneralName.dNSName) {
          dns.add(n.getName().toString());
        }
      }
      assertTrue(dns.contains("kubernetes.default.svc"));
      assertFalse(dns.contains(item.get("missing").asText().substring(4)));
    }
  }

  @Test
  void etcdSharesTheClusterCaWhereSaid() {
    for (JsonNode d : with(Planted.ETCD_SHARES_CLUSTER_CA)) {
      TestDumps.Archive a = archive(d);
      assertTrue(
          Arrays.equals(
              a.files().get("fs/etc/kubernetes/pki/ca.crt"),
              a.files().get("fs/etc/kubernetes/pki/etcd/ca.crt")));
      assertTrue(argv(a, "etcd").contains("--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"));
    }
  }

  @Test
  void kubeletSettingsFromFlagsAreOnTheCommandLine() {
    for (Planted code :
        List.of(
            Planted.ANONYMOUS_AUTH_ENABLED,
            Planted.AUTHORIZATION_ALWAYS_ALLOW,
            Planted.READ_ONLY_PORT_OPEN,
            Planted.STREAMING_IDLE_TIMEOUT_DISABLED,
            Planted.WEAK_TLS_CIPHER_SUITES,
            Planted.FEATURE_GATE_DISABLES_SERVER_CERT_ROTATION)) {
      for (JsonNode d : with(code)) {
        for (JsonNode item : TestDumps.items(d, code)) {
          if (!item.get("source").asText().equals("FLAG")) {
            continue;
          }
          TestDumps.Archive a = archive(d);
          String origin = item.get("origin").asText();
          if (d.get("kind").asText().startsWith("K3S")) {
            assertTrue(a.text("journal/k3s.txt").contains(" " + origin), origin);
          } else {
            List<String> argv = argv(a, "kubelet");
            assertNotNull(argv, d.get("path").asText());
            assertEquals(
                origin, argv.get(item.get("argv_index").asInt() + 1), d.get("path").asText());
          }
        }
      }
    }
  }

  @Test
  void kubeletSettingsFromFilesAreInTheFiles() throws Exception {
    ObjectMapper yaml = new YAMLMapper();
    int checked = 0;
    for (JsonNode d : manifest.get("dumps")) {
      if (d.get("expected_kubelet").isNull()) {
        continue;
      }
      TestDumps.Archive a = archive(d);
      var it = d.get("expected_kubelet").fields();
      while (it.hasNext()) {
        var e = it.next();
        String source = e.getValue().get("source").asText();
        if (!source.equals("CONFIG_FILE") && !source.equals("DROP_IN")) {
          continue;
        }
        JsonNode file = yaml.readTree(a.text("fs" + e.getValue().get("origin").asText()));
        JsonNode v = file;
        for (String part : e.getKey().split("\\.")) {
          v = v.get(part);
        }
        assertEquals(e.getValue().get("value"), v, d.get("path").asText() + " " + e.getKey());
        checked++;
      }
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  @Test
  void legacyDefaultsOnlyWhereTheKubeletHasNoConfig() {
    for (JsonNode d : with(Planted.FLAGS_ONLY_LEGACY_DEFAULTS)) {
      List<String> argv = argv(archive(d), "kubelet");
      assertTrue(argv.stream().noneMatch(a -> a.startsWith("--config")));
      assertTrue(argv.stream().noneMatch(a -> a.startsWith("--anonymous-auth")));
      assertEquals(
          "LEGACY_DEFAULT",
          d.get("expected_kubelet").get("authentication.anonymous.enabled").get("source").asText());
    }
  }

  @Test
  void aRepeatedFlagReallyRepeats() {
    for (JsonNode d : with(Planted.REPEATED_FLAG_LAST_WINS)) {
      JsonNode item = TestDumps.items(d, Planted.REPEATED_FLAG_LAST_WINS).get(0);
      List<String> argv = argv(archive(d), "kubelet");
      String flag = item.get("flag").asText();
      long count = argv.stream().filter(a -> a.startsWith(flag + "=")).count();
      assertTrue(count >= 2, argv.toString());
      String last = argv.stream().filter(a -> a.startsWith(flag + "=")).reduce((x, y) -> y).get();
      assertEquals(flag + "=" + item.get("effective").asText(), last);
    }
  }

  @Test
  void fileModesAreTooOpenInStatTxt() {
    for (JsonNode d : with(Planted.FILE_MODE_TOO_OPEN)) {
      for (JsonNode item : TestDumps.items(d, Planted.FILE_MODE_TOO_OPEN)) {
        String[] stat = archive(d).stat().get(item.get("path").asText());
        assertEquals(item.get("mode").asText(), stat[0]);
        assertNotEquals(item.get("vendor_mode").asText(), stat[0]);
      }
    }
  }

  @Test
  void readOnlyTrafficIsInTheMetricsOnlyWherePlanted() {
    for (JsonNode d : manifest.get("dumps")) {
      if (!d.get("variant").asText().equals("NORMAL")) {
        continue; // copies list only what is broken about them
      }
      String metrics = archive(d).text("metrics/kubelet.txt");
      boolean readonly = metrics.contains("server_type=\"readonly\"");
      assertEquals(
          !TestDumps.items(d, Planted.READ_ONLY_PORT_IN_USE).isEmpty(),
          readonly,
          d.get("path").asText());
    }
  }

  @Test
  void theTruncatedConfigDoesNotParseAndIsShorterThanStatSays() {
    for (JsonNode d : with(Planted.TRUNCATED_KUBELET_CONFIG)) {
      JsonNode item = TestDumps.items(d, Planted.TRUNCATED_KUBELET_CONFIG).get(0);
      TestDumps.Archive a = archive(d);
      String path = item.get("path").asText();
      byte[] copy = a.files().get("fs" + path);
      assertEquals(item.get("copied_bytes").asInt(), copy.length);
      assertTrue(Long.parseLong(a.stat().get(path)[3]) > copy.length);
      assertThrows(Exception.class, () -> new YAMLMapper().readTree(copy));
      assertTrue(d.get("expected_kubelet").isNull());
    }
  }

  @Test
  void theJunkPemIsNotACertificate() {
    for (JsonNode d : with(Planted.PEM_BINARY_JUNK)) {
      JsonNode item = TestDumps.items(d, Planted.PEM_BINARY_JUNK).get(0);
      assertThrows(Exception.class, () -> certs(archive(d), item.get("path").asText()));
    }
  }

  @Test
  void theDumpWithoutMetaEnvHasNone() {
    for (JsonNode d : with(Planted.MISSING_META_ENV)) {
      TestDumps.Archive a = archive(d);
      assertFalse(a.files().containsKey("meta.env"));
      assertTrue(a.files().containsKey("ps.txt"));
      assertTrue(d.get("cluster_id").isNull());
    }
  }

  @Test
  void theDuplicateIsTheSameNodeCollectedEarlier() {
    for (JsonNode d : with(Planted.DUPLICATE_NODE_DUMP)) {
      JsonNode item = TestDumps.items(d, Planted.DUPLICATE_NODE_DUMP).get(0);
      JsonNode original = null;
      for (JsonNode o : manifest.get("dumps")) {
        if (o.get("path").asText().equals(item.get("duplicate_of").asText() + ".tar.gz")) {
          original = o;
        }
      }
      assertNotNull(original);
      String a = archive(d).text("meta.env");
      String b = archive(original).text("meta.env");
      assertEquals(line(a, "cluster="), line(b, "cluster="));
      assertEquals(line(a, "node="), line(b, "node="));
      assertTrue(
          Instant.parse(line(a, "collected_at="))
              .isBefore(Instant.parse(line(b, "collected_at="))));
    }
  }

  private static String line(String env, String key) {
    for (String l : env.split("\n")) {
      if (l.startsWith(key)) {
        return l.substring(key.length());
      }
    }
    return null;
  }

  @Test
  void psLosesTheEmptyArgumentThatCmdlineKeeps() {
    for (JsonNode d : with(Planted.PS_LOSES_EMPTY_ARGUMENT)) {
      TestDumps.Archive a = archive(d);
      List<String> argv = argv(a, "kubelet");
      int i = argv.indexOf("--register-with-taints");
      assertEquals("", argv.get(i + 1));
      assertTrue(a.text("ps.txt").contains("--register-with-taints  --"));
    }
  }

  @Test
  void aLargerFleetKeepsItsPromisesToo() {
    FleetSpec spec = FleetSpec.of(8, 7, 11, LocalDate.of(2026, 6, 30)).withDefectRate(0.5);
    int dumps = 0;
    int planted = 0;
    for (var it = DemoFleet.dumps(spec); it.hasNext(); ) {
      NodeDump d = it.next();
      dumps++;
      planted += d.planted().size();
      if (d.variant() == NodeDump.Variant.NORMAL) {
        String meta = new String(d.entries().get("meta.env"), StandardCharsets.UTF_8);
        assertTrue(meta.contains("node=" + d.nodeName() + "\n"));
        assertNotNull(
            d.expectedKubelet() == null && !d.has(Planted.TRUNCATED_KUBELET_CONFIG) ? null : "ok");
      }
      for (byte[] b : d.entries().values()) {
        assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"));
      }
    }
    assertEquals(spec.dumpCount(), dumps);
    assertTrue(planted > dumps);
  }
}
