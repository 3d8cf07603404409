package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.collect.node.ConfigParser;
import dev.fleetscore.common.Parsers;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the node inventory, the aws-auth ConfigMap and the RBAC objects live from a cluster's
 * Kubernetes API with the official Kubernetes Java client, using a kubeconfig context (exec plugins
 * such as {@code aws eks get-token} or {@code gke-gcloud-auth-plugin} work as in kubectl). The
 * objects are serialised as the API sent them and read by the same code as {@code kubectl get ...
 * -o json} exports.
 *
 * <p>RBAC needed (read-only): {@code list nodes} (cluster scope), {@code get configmaps/aws-auth}
 * in kube-system, and for RBAC evidence {@code list} on clusterroles, clusterrolebindings, roles
 * and rolebindings (rbac.authorization.k8s.io) and serviceaccounts, all cluster-wide. RBAC lists
 * are paged ({@code limit} 500, {@code continue} tokens); a list whose token expired (410 Gone) is
 * started again once.
 */
public final class KubeLive {

  private static final ObjectMapper JSON = Parsers.json();

  /** What to read from each cluster. */
  public enum What {
    NODES,
    AWS_AUTH,
    RBAC
  }

  /** Page size of RBAC lists, as kubectl's default chunk size. */
  static final int PAGE = 500;

  private KubeLive() {}

  /** Reads from each context of {@code kubeconfig} (context name to cluster id) what is asked. */
  public static void collect(
      CloudBatch batch, Path kubeconfig, Map<String, String> contexts, What what) {
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(contexts).entrySet()) {
      String context = e.getKey();
      String clusterId = e.getValue();
      String src = "kubernetes " + context + " (" + clusterId + ")";
      ApiClient client;
      try (Reader r = Files.newBufferedReader(kubeconfig)) {
        KubeConfig kc = KubeConfig.loadKubeConfig(r);
        if (!kc.setContext(context)) {
          batch.error(
              clusterId,
              src,
              null,
              stage(what),
              "UNKNOWN_CONTEXT",
              "the kubeconfig " + kubeconfig + " has no context " + context);
          continue;
        }
        kc.setFile(kubeconfig.toFile());
        client = ClientBuilder.kubeconfig(kc).build();
      } catch (IOException | RuntimeException ex) {
        batch.error(
            clusterId,
            src,
            null,
            stage(what),
            "KUBECONFIG",
            "cannot use the kubeconfig " + kubeconfig + ": " + ConfigParser.oneLine(ex));
        continue;
      }
      CoreV1Api api = new CoreV1Api(client);
      if (what == What.RBAC) {
        rbac(batch, client, api, clusterId, src);
        continue;
      }
      try {
        if (what == What.NODES) {
          V1NodeList nodes = api.listNode().execute();
          Inventory.nodes(batch, tree(nodes), clusterId, src + " nodes");
        } else {
          V1ConfigMap cm = api.readNamespacedConfigMap("aws-auth", "kube-system").execute();
          JsonNode t = tree(cm);
          ConfigParser.redact(t);
          Eks.awsAuth(batch, t, clusterId, src + " configmaps/kube-system/aws-auth");
        }
      } catch (ApiException ex) {
        if (what == What.AWS_AUTH && ex.getCode() == 404) {
          batch.warning(
              clusterId,
              src,
              "kube-system/aws-auth",
              "AWS_AUTH",
              "NOT_FOUND",
              "the cluster has no aws-auth ConfigMap: no IAM principal is mapped through it");
          continue;
        }
        String code =
            ex.getCode() == 401 || ex.getCode() == 403 ? "PERMISSION_DENIED" : "API_ERROR";
        batch.error(
            clusterId,
            src,
            what == What.NODES ? "nodes" : "kube-system/aws-auth",
            stage(what),
            code,
            (what == What.NODES ? "list nodes" : "get configmap kube-system/aws-auth")
                + " failed with HTTP "
                + ex.getCode()
                + (ex.getCode() == 0 ? ": " + ConfigParser.oneLine(ex) : ""));
      } catch (IOException | RuntimeException ex) {
        batch.error(clusterId, src, null, stage(what), "API_ERROR", ConfigParser.oneLine(ex));
      }
    }
  }

  private static String stage(What what) {
    return switch (what) {
      case NODES -> "INVENTORY";
      case AWS_AUTH -> "AWS_AUTH";
      case RBAC -> "RBAC";
    };
  }

  /** One page of a list: the call with a continue token (null for the first page). */
  private interface Page {
    Object fetch(String continueToken) throws ApiException;
  }

  private record RbacList(String kind, String resource, Page page) {}

  private static void rbac(
      CloudBatch batch, ApiClient client, CoreV1Api core, String clusterId, String src) {
    RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(client);
    List<RbacList> lists =
        List.of(
            new RbacList(
                "ClusterRole",
                "clusterroles",
                c -> rbac.listClusterRole().limit(PAGE)._continue(c).execute()),
            new RbacList(
                "ClusterRoleBinding",
                "clusterrolebindings",
                c -> rbac.listClusterRoleBinding().limit(PAGE)._continue(c).execute()),
            new RbacList(
                "Role",
                "roles",
                c -> rbac.listRoleForAllNamespaces().limit(PAGE)._continue(c).execute()),
            new RbacList(
                "RoleBinding",
                "rolebindings",
                c -> rbac.listRoleBindingForAllNamespaces().limit(PAGE)._continue(c).execute()),
            new RbacList(
                "ServiceAccount",
                "serviceaccounts",
                c -> core.listServiceAccountForAllNamespaces().limit(PAGE)._continue(c).execute()));
    for (RbacList l : lists) {
      String source = src + " " + l.resource();
      try {
        for (JsonNode item : pages(l.page())) {
          Rbac.object(batch, l.kind(), item, clusterId, source, null);
        }
      } catch (ApiException ex) {
        String code =
            ex.getCode() == 401 || ex.getCode() == 403 ? "PERMISSION_DENIED" : "API_ERROR";
        batch.error(
            clusterId,
            src,
            l.resource(),
            "RBAC",
            code,
            "list "
                + l.resource()
                + " (all namespaces) failed with HTTP "
                + ex.getCode()
                + (ex.getCode() == 0 ? ": " + ConfigParser.oneLine(ex) : "")
                + "; the cluster's RBAC evidence is partial");
      } catch (IOException | RuntimeException ex) {
        batch.error(clusterId, src, l.resource(), "RBAC", "API_ERROR", ConfigParser.oneLine(ex));
      }
    }
  }

  /**
   * Every item of a paged list, following {@code metadata.continue}. A 410 Gone (the token expired)
   * restarts the list from the first page once; the items of the abandoned pass are dropped, so
   * each object is read once.
   */
  private static List<JsonNode> pages(Page page) throws ApiException, IOException {
    for (int attempt = 0; ; attempt++) {
      List<JsonNode> items = new ArrayList<>();
      String token = null;
      try {
        do {
          JsonNode list = tree(page.fetch(token));
          list.path("items").forEach(items::add);
          token = Json.at(list, "metadata.continue").asText("");
        } while (!token.isEmpty());
        return items;
      } catch (ApiException ex) {
        if (ex.getCode() != 410 || token == null || attempt > 0) {
          throw ex;
        }
      }
    }
  }

  private static JsonNode tree(Object o) throws IOException {
    return JSON.readTree(io.kubernetes.client.openapi.JSON.serialize(o));
  }
}
