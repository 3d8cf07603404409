package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud exports parse as the CLIs print them, carry the identities the node dumps' cluster ids
 * are made of, and hold the planted cloud-side defects.
 */
class CloudExportsTest {

  @TempDir static Path tmp;
  static Path fleet;
  static JsonNode manifest;
  static JsonNode index;
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new YAMLMapper();

  @BeforeAll
  static void writeFleet() throws IOException {
    fleet = tmp.resolve("fleet");
    // Eight clusters: the second GKE and EKS clusters differ from the first (modes, versions).
    DemoFleet.write(fleet, FleetSpec.of(8, 3, 42, FleetSpec.DEFAULT_SNAPSHOT_DATE));
    manifest = TestDumps.manifest(fleet);
    index = JSON.readTree(fleet.resolve("exports/index.json").toFile());
  }

  private static List<JsonNode> files(String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode f : index.get("files")) {
      if (f.get("kind").asText().equals(kind)) {
        out.add(f);
      }
    }
    assertFalse(out.isEmpty(), kind);
    return out;
  }

  private static JsonNode read(JsonNode file) throws IOException {
    Path p = fleet.resolve("exports").resolve(file.get("path").asText());
    return p.toString().endsWith(".yaml") ? YAML.readTree(p.toFile()) : JSON.readTree(p.toFile());
  }

  private static Set<String> clusterIds() {
    Set<String> ids = new HashSet<>();
    manifest.get("clusters").forEach(c -> ids.add(c.get("cluster_id").asText()));
    return ids;
  }

  private static void assertSortedKeys(JsonNode n, String where) {
    if (n.isObject()) {
      List<String> keys = new ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertEquals(keys.stream().sorted().toList(), keys, where);
      n.forEach(c -> assertSortedKeys(c, where));
    } else if (n.isArray()) {
      n.forEach(c -> assertSortedKeys(c, where));
    }
  }

  @Test
  void gkeDescribeCarriesTheIdentityOfTheClusterId() throws IOException {
    for (JsonNode f : files("gcloud-clusters-describe")) {
      JsonNode c = read(f);
      String self = c.get("selfLink").asText();
      String project = self.replaceAll(".*/projects/([^/]+)/.*", "$1");
      String id =
          "gke:" + project + "/" + c.get("location").asText() + "/" + c.get("name").asText();
      assertEquals(f.get("cluster_id").asText(), id);
      assertTrue(clusterIds().contains(id), id);
      assertSortedKeys(c, f.get("path").asText());
      assertTrue(
          c.get("defaultMaxPodsConstraint").get("maxPodsPerNode").isTextual(), "int64 as string");
      for (JsonNode pool : c.get("nodePools")) {
        assertTrue(pool.get("maxPodsConstraint").get("maxPodsPerNode").isTextual());
        JsonNode kc = pool.get("config").get("kubeletConfig");
        if (kc != null && kc.has("podPidsLimit")) {
          assertTrue(kc.get("podPidsLimit").isTextual(), "int64 as string");
        }
      }
      Path pools =
          fleet
              .resolve("exports")
              .resolve(f.get("path").asText().replace("describe.json", "node-pools.json"));
      assertEquals(c.get("nodePools"), JSON.readTree(pools.toFile()));
    }
  }

  @Test
  void gkeCoversUnsetTrueFalsePoolsAClusterDefaultAutopilotAnd125() throws IOException {
    Set<String> poolSettings = new HashSet<>();
    boolean clusterDefault = false;
    boolean autopilot = false;
    boolean old = false;
    for (JsonNode f : files("gcloud-clusters-describe")) {
      JsonNode c = read(f);
      for (JsonNode pool : c.get("nodePools")) {
        JsonNode v =
            pool.get("config").path("kubeletConfig").path("insecureKubeletReadonlyPortEnabled");
        poolSettings.add(v.isMissingNode() ? "unset" : v.asText());
      }
      clusterDefault |=
          c.path("nodePoolDefaults")
              .path("nodeConfigDefaults")
              .path("nodeKubeletConfig")
              .has("insecureKubeletReadonlyPortEnabled");
      if (c.path("autopilot").path("enabled").asBoolean()) {
        autopilot = true;
        assertFalse(
            c.get("nodePoolAutoConfig")
                .get("nodeKubeletConfig")
                .get("insecureKubeletReadonlyPortEnabled")
                .asBoolean());
      }
      old |= c.get("currentMasterVersion").asText().startsWith("1.25.");
    }
    assertEquals(Set.of("unset", "true", "false"), poolSettings);
    assertTrue(clusterDefault);
    assertTrue(autopilot);
    assertTrue(old);
  }

  @Test
  void gkeListsHoldEachProjectsClusters() throws IOException {
    Map<String, JsonNode> described = new HashMap<>();
    for (JsonNode f : files("gcloud-clusters-describe")) {
      described.put(f.get("cluster_id").asText(), read(f));
    }
    int listed = 0;
    for (JsonNode f : files("gcloud-clusters-list")) {
      JsonNode list = read(f);
      assertTrue(list.isArray());
      for (JsonNode c : list) {
        String project = c.get("selfLink").asText().replaceAll(".*/projects/([^/]+)/.*", "$1");
        assertTrue(f.get("path").asText().startsWith("gke/" + project + "/"));
        String id =
            "gke:" + project + "/" + c.get("location").asText() + "/" + c.get("name").asText();
        assertEquals(described.get(id), c);
        listed++;
      }
    }
    assertEquals(described.size(), listed);
  }

  @Test
  void theCaInTheCloudExportsIsTheCaOnTheNodes() throws IOException {
    Map<String, String> nodeCa = new HashMap<>();
    for (JsonNode d : manifest.get("dumps")) {
      if (!d.get("variant").asText().equals("NORMAL")) {
        continue;
      }
      TestDumps.Archive a = TestDumps.read(fleet.resolve(d.get("path").asText()));
      String ca = a.text("fs/etc/srv/kubernetes/pki/ca-certificates.crt");
      if (ca == null && d.get("provider").asText().equals("eks")) {
        ca = a.text("fs/etc/kubernetes/pki/ca.crt");
      }
      if (ca != null) {
        nodeCa.put(d.get("cluster_id").asText(), ca);
      }
    }
    int compared = 0;
    for (JsonNode f : files("gcloud-clusters-describe")) {
      String ca = nodeCa.get(f.get("cluster_id").asText());
      if (ca != null) {
        assertEquals(ca, decode(read(f).get("masterAuth").get("clusterCaCertificate").asText()));
        compared++;
      }
    }
    for (JsonNode f : files("aws-eks-describe-cluster")) {
      JsonNode c = read(f).get("cluster");
      assertEquals(
          nodeCa.get(f.get("cluster_id").asText()),
          decode(c.get("certificateAuthority").get("data").asText()));
      compared++;
    }
    assertTrue(compared >= 3);
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
  }

  @Test
  void eksExportsCarryTheIdentityAndTheNodeRoles() throws IOException {
    for (JsonNode f : files("aws-eks-describe-cluster")) {
      JsonNode c = read(f).get("cluster");
      String[] arn = c.get("arn").asText().split(":");
      String id = "eks:" + arn[4] + "/" + arn[3] + "/" + c.get("name").asText();
      assertEquals(f.get("cluster_id").asText(), id);
      assertTrue(clusterIds().contains(id));
      assertTrue(
          Set.of("API", "API_AND_CONFIG_MAP", "CONFIG_MAP")
              .contains(c.get("accessConfig").get("authenticationMode").asText()));
      String raw = Files.readString(fleet.resolve("exports").resolve(f.get("path").asText()));
      assertTrue(raw.startsWith("{\n    \"cluster\": {\n        \"name\": "), "aws cli layout");
    }
    for (JsonNode f : files("aws-eks-describe-nodegroup")) {
      JsonNode ng = read(f).get("nodegroup");
      assertTrue(ng.get("nodeRole").asText().startsWith("arn:aws:iam::"));
      assertTrue(ng.get("scalingConfig").get("desiredSize").isInt());
      assertTrue(
          Set.of("AL2_x86_64", "AL2023_x86_64_STANDARD", "BOTTLEROCKET_x86_64")
              .contains(ng.get("amiType").asText()));
    }
    for (JsonNode f : files("aws-eks-list-access-entries")) {
      JsonNode list = read(f).get("accessEntries");
      List<JsonNode> described = new ArrayList<>();
      for (JsonNode e : files("aws-eks-describe-access-entry")) {
        if (e.get("cluster_id").equals(f.get("cluster_id"))) {
          described.add(read(e).get("accessEntry"));
        }
      }
      assertEquals(list.size(), described.size());
      for (JsonNode e : described) {
        if (e.get("type").asText().equals("EC2_LINUX")) {
          assertEquals("system:node:{{EC2PrivateDNSName}}", e.get("username").asText());
          assertEquals("[\"system:nodes\"]", e.get("kubernetesGroups").toString());
        }
      }
    }
  }

  @Test
  void awsAuthIsYamlInsideYamlWithThePlantedMappings() throws IOException {
    boolean masters = false;
    boolean wrongUser = false;
    boolean path = false;
    boolean users = false;
    boolean accounts = false;
    for (JsonNode f : files("kubectl-aws-auth-configmap")) {
      JsonNode cm = read(f);
      assertEquals("ConfigMap", cm.get("kind").asText());
      assertEquals("aws-auth", cm.get("metadata").get("name").asText());
      assertEquals("kube-system", cm.get("metadata").get("namespace").asText());
      JsonNode data = cm.get("data");
      assertTrue(data.get("mapRoles").isTextual(), "mapRoles is a string holding YAML");
      for (JsonNode role : YAML.readTree(data.get("mapRoles").asText())) {
        String arn = role.get("rolearn").asText();
        List<String> groups = new ArrayList<>();
        role.get("groups").forEach(g -> groups.add(g.asText()));
        if (groups.contains("system:nodes") && groups.contains("system:masters")) {
          masters = true;
        }
        if (groups.contains("system:nodes")
            && !role.get("username").asText().equals("system:node:{{EC2PrivateDNSName}}")) {
          wrongUser = true;
        }
        if (arn.substring(arn.indexOf(":role/") + 6).contains("/")) {
          path = true;
        }
      }
      if (data.has("mapUsers")) {
        for (JsonNode u : YAML.readTree(data.get("mapUsers").asText())) {
          users |= u.get("groups").toString().contains("system:masters");
        }
      }
      if (data.has("mapAccounts")) {
        JsonNode list = YAML.readTree(data.get("mapAccounts").asText());
        accounts = list.isArray() && list.get(0).asText().matches("\\d{12}");
      }
    }
    assertTrue(masters && wrongUser && path && users && accounts);
  }

  @Test
  void inventoryCoversEveryDumpedNodeAndSomeNodesWithoutDumps() throws IOException {
    Map<String, Set<String>> dumped = new HashMap<>();
    for (JsonNode d : manifest.get("dumps")) {
      if (d.get("variant").asText().equals("NORMAL")) {
        dumped
            .computeIfAbsent(d.get("cluster_id").asText(), k -> new HashSet<>())
            .add(d.get("node").asText());
      }
    }
    int withoutDumps = 0;
    for (JsonNode c : manifest.get("clusters")) {
      String id = c.get("cluster_id").asText();
      JsonNode f = null;
      for (JsonNode x : files("kubectl-get-nodes")) {
        if (x.get("cluster_id").asText().equals(id)) {
          f = x;
        }
      }
      assertNotNull(f, id);
      JsonNode list = read(f);
      assertEquals("List", list.get("kind").asText());
      Set<String> names = new HashSet<>();
      for (Iterator<JsonNode> it = list.get("items").elements(); it.hasNext(); ) {
        JsonNode node = it.next();
        names.add(node.get("metadata").get("name").asText());
        assertTrue(
            node.get("status").get("nodeInfo").get("kubeletVersion").asText().startsWith("v1."));
      }
      assertEquals(c.get("inventory_nodes").asInt(), names.size());
      assertTrue(names.containsAll(dumped.getOrDefault(id, Set.of())), id);
      withoutDumps += names.size() - dumped.getOrDefault(id, Set.of()).size();
    }
    assertTrue(withoutDumps >= 4);
  }
}
