package dev.fleetscore.model;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the rules may judge about one node: the normalizer's output. Rules read facts; they
 * never collect them.
 *
 * @param dump the node_dumps row (identity, provider, pool, collected_at)
 * @param kubeletVersion best knowledge of the kubelet version, if any
 * @param components effective settings per component present on the node
 * @param fileRoles paths per {@link FileRoles} role, decided from the effective configuration
 * @param fileStats stat rows by path
 * @param certificates certificate rows of the node
 * @param configFiles config file rows (kubeconfig auth methods, read-only port metrics)
 * @param cluster cluster-level facts, joined in
 * @param warnings normalizer warnings about this node that are not tied to one component
 * @param notPresent components known not to exist on this node, with the reason (a k3s server on
 *     sqlite/kine or an external datastore has no etcd): rules on them are NOT_APPLICABLE, not
 *     NO_EVIDENCE
 * @param absentRoles file roles no file can have on this node by its design, with the reason (a k3s
 *     server's embedded control plane has no static pod manifests, its kubelet no kubelet.service):
 *     rules on them are NOT_APPLICABLE, not NO_EVIDENCE
 */
public record NodeFacts(
    NodeDumpRow dump,
    Optional<String> kubeletVersion,
    Map<Component, ComponentSettings> components,
    Map<String, List<String>> fileRoles,
    Map<String, FileStatRow> fileStats,
    List<CertificateRow> certificates,
    List<ConfigFileRow> configFiles,
    ClusterFacts cluster,
    List<String> warnings,
    Map<Component, String> notPresent,
    Map<String, String> absentRoles) {

  /** Facts with no file role absent by design. */
  public NodeFacts(
      NodeDumpRow dump,
      Optional<String> kubeletVersion,
      Map<Component, ComponentSettings> components,
      Map<String, List<String>> fileRoles,
      Map<String, FileStatRow> fileStats,
      List<CertificateRow> certificates,
      List<ConfigFileRow> configFiles,
      ClusterFacts cluster,
      List<String> warnings,
      Map<Component, String> notPresent) {
    this(
        dump,
        kubeletVersion,
        components,
        fileRoles,
        fileStats,
        certificates,
        configFiles,
        cluster,
        warnings,
        notPresent,
        Map.of());
  }

  /** Facts with no component known to be absent. */
  public NodeFacts(
      NodeDumpRow dump,
      Optional<String> kubeletVersion,
      Map<Component, ComponentSettings> components,
      Map<String, List<String>> fileRoles,
      Map<String, FileStatRow> fileStats,
      List<CertificateRow> certificates,
      List<ConfigFileRow> configFiles,
      ClusterFacts cluster,
      List<String> warnings) {
    this(
        dump,
        kubeletVersion,
        components,
        fileRoles,
        fileStats,
        certificates,
        configFiles,
        cluster,
        warnings,
        Map.of());
  }

  public NodeFacts {
    notPresent = Map.copyOf(notPresent);
    absentRoles = Map.copyOf(absentRoles);
    components = Map.copyOf(components);
    fileRoles = Map.copyOf(fileRoles);
    fileStats = Map.copyOf(fileStats);
    certificates = List.copyOf(certificates);
    configFiles = List.copyOf(configFiles);
    warnings = List.copyOf(warnings);
  }

  public String clusterId() {
    return dump.getClusterId();
  }

  public String nodeName() {
    return dump.getNodeName();
  }

  public Optional<ComponentSettings> component(Component c) {
    return Optional.ofNullable(components.get(c));
  }

  public List<String> paths(String role) {
    return fileRoles.getOrDefault(role, List.of());
  }
}
