package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.TypedValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a component a rule's subject talks to is in use on a node ({@code depends_on} in a rule).
 * A rule such as "the API server authenticates to etcd with a client certificate" has nothing to
 * judge when the API server does not talk to etcd at all: a k3s or RKE2 server on sqlite or an
 * external SQL datastore reaches its state through kine on a unix socket. Decided from the node's
 * facts only, never from the rule.
 */
final class Dependencies {

  /** The dependencies this class can decide. */
  static final Set<Component> DECIDABLE = Set.of(Component.ETCD);

  private Dependencies() {}

  /** Why {@code dep} is not in use on the node, or empty when it is or when that is not known. */
  static Optional<String> notInUse(NodeFacts node, Component dep) {
    if (dep != Component.ETCD) {
      return Optional.empty();
    }
    ComponentSettings api = node.components().get(Component.KUBE_APISERVER);
    Setting servers = api == null ? null : api.settings().get("etcd-servers");
    if (servers == null || !(servers.value() instanceof TypedValue.ListValue l)) {
      return Optional.empty();
    }
    List<String> urls = l.values();
    if (urls.isEmpty() || !urls.stream().allMatch(Dependencies::isUnixSocket)) {
      return Optional.empty();
    }
    StringBuilder why =
        new StringBuilder("the API server's --etcd-servers is ")
            .append(String.join(",", urls))
            .append(" (")
            .append(servers.source().name())
            .append(servers.origin() == null ? "" : " " + servers.origin())
            .append("), a local kine socket in front of a non-etcd datastore");
    String absent = node.notPresent().get(Component.ETCD);
    if (absent != null) {
      why.append("; ").append(absent);
    }
    return Optional.of(why.toString());
  }

  private static boolean isUnixSocket(String url) {
    String u = url.strip().toLowerCase(Locale.ROOT);
    return u.startsWith("unix://") || u.startsWith("unixs://");
  }
}
