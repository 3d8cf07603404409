package dev.fleetscore.normalize;

/**
 * Thrown inside the normalizer when the node's effective configuration cannot be known (the kubelet
 * itself would refuse to start with this evidence); turned into a NODE quarantine row.
 */
final class NodeRejection extends Exception {
  private static final long serialVersionUID = 1L;

  final String reasonCode;
  final String path;

  NodeRejection(String reasonCode, String reason, String path) {
    super(reason);
    this.reasonCode = reasonCode;
    this.path = path;
  }
}
