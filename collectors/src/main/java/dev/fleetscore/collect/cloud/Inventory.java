package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.schema.InventoryRow;
import java.util.Locale;

/**
 * The nodes a cluster reports having, from {@code kubectl get nodes -o json|yaml} (a List or
 * NodeList of Node objects) or the Kubernetes API, for coverage: nodes scored out of nodes
 * expected.
 */
final class Inventory {

  private Inventory() {}

  static boolean looksLikeNodeList(JsonNode n) {
    String kind = n.path("kind").asText("");
    if (kind.equals("NodeList")) {
      return true;
    }
    if (kind.equals("List") && n.path("items").isArray()) {
      for (JsonNode i : n.path("items")) {
        if (!i.path("kind").asText("Node").equals("Node")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  static int nodes(CloudBatch batch, JsonNode list, String clusterId, String source) {
    int n = 0;
    int index = 0;
    for (JsonNode node : list.path("items")) {
      String name = Json.at(node, "metadata.name").asText(null);
      if (name == null || name.isBlank()) {
        batch.warning(
            clusterId,
            source,
            "items[" + index + "]",
            "INVENTORY",
            "MISSING_FIELD",
            "node " + index + " of the list has no metadata.name and is not counted");
        index++;
        continue;
      }
      JsonNode labels = Json.at(node, "metadata.labels");
      String providerId = Json.at(node, "spec.providerID").asText(null);
      batch.inventory.add(
          InventoryRow.newBuilder()
              .setSnapshotId(batch.stamp.snapshotId())
              .setSnapshotDate(batch.stamp.date())
              .setClusterId(clusterId)
              .setNodeName(name)
              .setCollectedAt(batch.stamp.collectedAt())
              .setProducerVersion(CloudBatch.PRODUCER)
              .setProvider(provider(clusterId, providerId, labels))
              .setNodePool(pool(labels))
              .setProviderId(providerId)
              .setKubeletVersion(Json.at(node, "status.nodeInfo.kubeletVersion").asText(null))
              .setOsImage(Json.at(node, "status.nodeInfo.osImage").asText(null))
              .setContainerRuntime(
                  Json.at(node, "status.nodeInfo.containerRuntimeVersion").asText(null))
              .setReady(ready(node))
              .setControlPlane(
                  labels.has("node-role.kubernetes.io/control-plane")
                      || labels.has("node-role.kubernetes.io/master"))
              .setSource(source)
              .build());
      n++;
      index++;
    }
    return n;
  }

  private static Boolean ready(JsonNode node) {
    for (JsonNode c : Json.at(node, "status.conditions")) {
      if (c.path("type").asText("").equals("Ready")) {
        return c.path("status").asText("").equals("True");
      }
    }
    return null;
  }

  private static String pool(JsonNode labels) {
    for (String k :
        new String[] {
          "cloud.google.com/gke-nodepool",
          "eks.amazonaws.com/nodegroup",
          "alpha.eksctl.io/nodegroup-name",
          "karpenter.sh/nodepool",
          "kubernetes.azure.com/agentpool",
          "agentpool"
        }) {
      if (labels.path(k).isTextual()) {
        return labels.path(k).textValue();
      }
    }
    return null;
  }

  private static String provider(String clusterId, String providerId, JsonNode labels) {
    int colon = clusterId.indexOf(':');
    if (colon > 0) {
      String prefix = clusterId.substring(0, colon).toLowerCase(Locale.ROOT);
      if (java.util.Set.of("gke", "eks", "aks", "kubeadm", "k3s", "rke2", "openshift")
          .contains(prefix)) {
        return prefix;
      }
    }
    if (providerId != null) {
      if (providerId.startsWith("gce://")) {
        return "gke";
      }
      if (providerId.startsWith("aws://")) {
        return "eks";
      }
      if (providerId.startsWith("azure://")) {
        return "aks";
      }
      if (providerId.startsWith("k3s://")) {
        return "k3s";
      }
    }
    return null;
  }
}
