package dev.fleetscore.model;

import java.util.Arrays;
import java.util.Optional;

/** The components whose settings fleetscore computes, plus the cloud API as a pseudo-component. */
public enum Component {
  KUBELET("kubelet"),
  KUBE_APISERVER("kube-apiserver"),
  ETCD("etcd"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  KUBE_SCHEDULER("kube-scheduler"),
  KUBE_PROXY("kube-proxy"),
  /** Settings that live in a cloud API (GKE node pool kubelet config, EKS access config). */
  CLOUD("cloud");

  private final String id;

  Component(String id) {
    this.id = id;
  }

  /** The name used in tables and rules, e.g. {@code kube-apiserver}. */
  public String id() {
    return id;
  }

  public static Optional<Component> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
