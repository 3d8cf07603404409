package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle behind the manifest's expected_kubelet block, checked against the rules of
 * shared/docs/kubelet-ground-truth.md on literal command lines and config trees.
 */
class KubeletOracleTest {

  private static KubeletInputs inputs(Map<String, Object> config, String... argv) {
    KubeletInputs k = new KubeletInputs();
    k.config = config;
    k.configPath = config == null ? null : "/var/lib/kubelet/config.yaml";
    k.argv = List.of(argv);
    return k;
  }

  private static KubeletOracle.Effective get(KubeletInputs k, String setting) {
    return KubeletOracle.resolve(k).settings().get(setting);
  }

  private static boolean planted(KubeletInputs k, Planted code) {
    return KubeletOracle.resolve(k).planted().stream().anyMatch(p -> p.code() == code);
  }

  @Test
  void withoutConfigTheLegacyFlagDefaultsApply() {
    KubeletInputs k = inputs(null, "--kubeconfig=/var/lib/kubelet/kubeconfig", "--v=2");
    assertEquals(true, get(k, KubeletOracle.ANONYMOUS).value());
    assertEquals("LEGACY_DEFAULT", get(k, KubeletOracle.ANONYMOUS).source());
    assertEquals(false, get(k, KubeletOracle.WEBHOOK).value());
    assertEquals("AlwaysAllow", get(k, KubeletOracle.MODE).value());
    assertEquals(10255, get(k, KubeletOracle.READ_ONLY_PORT).value());
    assertTrue(planted(k, Planted.FLAGS_ONLY_LEGACY_DEFAULTS));
    assertTrue(planted(k, Planted.READ_ONLY_PORT_OPEN));
  }

  @Test
  void withConfigTheV1beta1DefaultsApplyAndAnAbsentPortIsClosed() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("kind", "KubeletConfiguration");
    KubeletInputs k = inputs(cfg, "--config=/var/lib/kubelet/config.yaml");
    assertEquals(false, get(k, KubeletOracle.ANONYMOUS).value());
    assertEquals("DEFAULT", get(k, KubeletOracle.ANONYMOUS).source());
    assertEquals("Webhook", get(k, KubeletOracle.MODE).value());
    assertEquals(0, get(k, KubeletOracle.READ_ONLY_PORT).value());
    assertTrue(planted(k, Planted.READ_ONLY_PORT_ABSENT_WITH_CONFIG));
    assertFalse(planted(k, Planted.READ_ONLY_PORT_OPEN));
  }

  @Test
  void aZeroDurationInTheFileMeansTheDefaultButZeroOnTheCommandLineMeansZero() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("streamingConnectionIdleTimeout", "0s");
    KubeletInputs file = inputs(cfg, "--config", "/var/lib/kubelet/config.yaml");
    assertEquals("4h0m0s", get(file, KubeletOracle.STREAMING).value());
    assertTrue(planted(file, Planted.CONFIG_ZERO_DURATION_MEANS_DEFAULT));
    assertFalse(planted(file, Planted.STREAMING_IDLE_TIMEOUT_DISABLED));

    KubeletInputs flag =
        inputs(
            cfg,
            "--config",
            "/var/lib/kubelet/config.yaml",
            "--streaming-connection-idle-timeout=0");
    assertEquals("0s", get(flag, KubeletOracle.STREAMING).value());
    assertEquals("FLAG", get(flag, KubeletOracle.STREAMING).source());
    assertEquals(2, get(flag, KubeletOracle.STREAMING).argvIndex());
    assertTrue(planted(flag, Planted.STREAMING_IDLE_TIMEOUT_DISABLED));
  }

  @Test
  void theLastOfRepeatedScalarFlagsWins() {
    KubeletInputs k = inputs(null, "--read-only-port=0", "--v=2", "--read-only-port=10255");
    KubeletOracle.Effective port = get(k, KubeletOracle.READ_ONLY_PORT);
    assertEquals(10255, port.value());
    assertEquals("--read-only-port=10255", port.origin());
    assertTrue(planted(k, Planted.REPEATED_FLAG_LAST_WINS));
  }

  @Test
  void aBareBooleanIsTrueAndUnderscoresAreDashes() {
    KubeletInputs k = inputs(new LinkedHashMap<>(), "--config=/c", "--anonymous_auth");
    assertEquals(true, get(k, KubeletOracle.ANONYMOUS).value());
    assertEquals("FLAG", get(k, KubeletOracle.ANONYMOUS).source());
  }

  @Test
  void aSpaceSeparatedValueIsTheNextTokenEvenWhenEmpty() {
    List<KubeletOracle.Flag> flags =
        KubeletOracle.flags(
            List.of("--register-with-taints", "", "--config", "/etc/kubernetes/kubelet/config"));
    assertEquals(2, flags.size());
    assertEquals("", flags.get(0).value());
    assertEquals("/etc/kubernetes/kubelet/config", flags.get(1).value());
  }

  @Test
  void aCommandLineFeatureGateWinsPerKeyOverTheFile() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("featureGates", Map.of("RotateKubeletServerCertificate", true));
    KubeletInputs k =
        inputs(
            cfg,
            "--config=/c",
            "--feature-gates=SeccompDefault=true,RotateKubeletServerCertificate=false");
    assertEquals(false, get(k, KubeletOracle.ROTATION_GATE).value());
    assertTrue(planted(k, Planted.FEATURE_GATE_DISABLES_SERVER_CERT_ROTATION));
  }

  @Test
  void theFirstCipherFlagReplacesTheFileAndLaterOnesAppend() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("tlsCipherSuites", List.of("TLS_AES_128_GCM_SHA256"));
    KubeletInputs k =
        inputs(
            cfg,
            "--config=/c",
            "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    assertEquals(
        List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
        get(k, KubeletOracle.CIPHERS).value());
    assertTrue(planted(k, Planted.WEAK_TLS_CIPHER_SUITES));
  }

  @Test
  void configDirWithoutConfigKeepsTheLegacyBaseUntilADropInOrFlagSetsIt() {
    KubeletInputs k = new KubeletInputs();
    k.configDir = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d";
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("authentication", Map.of("anonymous", Map.of("enabled", false)));
    defaults.put("authorization", Map.of("mode", "Webhook"));
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("readOnlyPort", 10255);
    user.put("authorization", Map.of("mode", "AlwaysAllow"));
    k.dropIns.put("00-k3s-defaults.conf", defaults);
    k.dropIns.put("50-user.conf", user);
    k.argv = List.of("--config-dir=" + k.configDir, "--read-only-port=0");
    KubeletOracle.Result r = KubeletOracle.resolve(k);
    assertEquals(false, r.settings().get(KubeletOracle.ANONYMOUS).value());
    assertEquals("DROP_IN", r.settings().get(KubeletOracle.ANONYMOUS).source());
    assertEquals(false, r.settings().get(KubeletOracle.WEBHOOK).value());
    assertEquals("LEGACY_DEFAULT", r.settings().get(KubeletOracle.WEBHOOK).source());
    assertEquals(0, r.settings().get(KubeletOracle.READ_ONLY_PORT).value());
    assertEquals("AlwaysAllow", r.settings().get(KubeletOracle.MODE).value());
    assertEquals(k.configDir + "/50-user.conf", r.settings().get(KubeletOracle.MODE).origin());
    assertTrue(r.planted().stream().anyMatch(p -> p.code() == Planted.FLAG_OVERRIDES_DROP_IN));
    assertTrue(r.planted().stream().anyMatch(p -> p.code() == Planted.DROP_IN_OVERRIDE));
    assertTrue(r.planted().stream().anyMatch(p -> p.code() == Planted.CONFIG_DIR_WITHOUT_CONFIG));
  }

  @Test
  void flagsOnlyWithEverySettingExplicitAndSafeIsATrapNotADefect() {
    KubeletInputs k =
        inputs(
            null,
            "--anonymous-auth=false",
            "--authentication-token-webhook=true",
            "--authorization-mode=Webhook",
            "--read-only-port=0");
    assertTrue(planted(k, Planted.FLAGS_ONLY_EXPLICIT_SECURE));
    assertFalse(planted(k, Planted.FLAGS_ONLY_LEGACY_DEFAULTS));
    KubeletInputs unsafe =
        inputs(
            null,
            "--anonymous-auth=true",
            "--authentication-token-webhook=true",
            "--authorization-mode=Webhook",
            "--read-only-port=0");
    assertFalse(planted(unsafe, Planted.FLAGS_ONLY_EXPLICIT_SECURE));
    assertTrue(planted(unsafe, Planted.ANONYMOUS_AUTH_ENABLED));
  }

  @Test
  void unsetCiphersHaveNoValue() {
    assertNull(get(inputs(null), KubeletOracle.CIPHERS).value());
    assertEquals("UNSET", get(inputs(null), KubeletOracle.CIPHERS).source());
  }

  @ParameterizedTest
  @CsvSource({
    "0,0s",
    "0s,0s",
    "4h,4h0m0s",
    "4h0m0s,4h0m0s",
    "5m,5m0s",
    "90s,1m30s",
    "2m0s,2m0s",
    "30s,30s"
  })
  void durationsAreCanonicalisedTheWayGoPrintsThem(String in, String out) {
    assertEquals(out, KubeletOracle.canonicalDuration(in));
  }

  @ParameterizedTest
  @CsvSource({
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA,true",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA,true",
    "TLS_RSA_WITH_AES_128_CBC_SHA,true",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,false",
    "TLS_RSA_WITH_AES_256_GCM_SHA384,false"
  })
  void weakCiphersAreTheCbcRc4And3desSuites(String suite, boolean weak) {
    assertEquals(weak, KubeletOracle.weakCipher(suite));
  }
}
