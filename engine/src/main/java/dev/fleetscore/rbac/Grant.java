package dev.fleetscore.rbac;

import java.util.List;

/**
 * One grant: a subject of a binding receives one rule of the bound role, in one namespace (a
 * RoleBinding) or cluster-wide (a ClusterRoleBinding). {@code rule} is null when the grant gives
 * nothing now (a missing role, a subject that can never match), and {@code note} says why.
 */
public record Grant(
    String subjectKind,
    String subject,
    String subjectNamespace,
    String bindingKind,
    String bindingNamespace,
    String bindingName,
    String roleKind,
    String roleName,
    int ruleIndex,
    String namespace,
    PolicyRule rule,
    List<String> capabilities,
    boolean system,
    String note,
    String source) {

  public static final String ANONYMOUS_USER = "system:anonymous";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
  public static final String MASTERS = "system:masters";

  public boolean clusterWide() {
    return namespace == null;
  }

  /** {@code ClusterRoleBinding/x} or {@code RoleBinding ns/x}. */
  public String binding() {
    return bindingNamespace == null
        ? bindingKind + "/" + bindingName
        : bindingKind + " " + bindingNamespace + "/" + bindingName;
  }

  /** {@code ClusterRole/x} or {@code Role ns/x}. */
  public String role() {
    return roleKind.equals("Role")
        ? "Role " + bindingNamespace + "/" + roleName
        : "ClusterRole/" + roleName;
  }

  /** {@code User alice}, {@code Group g}, {@code ServiceAccount ns/name}. */
  public String subjectLabel() {
    if (subjectKind.equals("ServiceAccount") && subjectNamespace != null) {
      return "ServiceAccount "
          + subjectNamespace
          + "/"
          + subject.substring(subject.lastIndexOf(':') + 1);
    }
    return subjectKind + " " + subject;
  }

  /** The binding path, for evidence: subject ← binding → role, and where. */
  public String path() {
    return subjectLabel()
        + " via "
        + binding()
        + " -> "
        + role()
        + (ruleIndex >= 0 ? " rule " + ruleIndex : "")
        + (namespace == null ? " (cluster-wide)" : " (namespace " + namespace + ")");
  }

  /** Anonymous requests: the user system:anonymous or the group system:unauthenticated. */
  public boolean anonymous() {
    return subjectKind.equals("User") && subject.equals(ANONYMOUS_USER)
        || subjectKind.equals("Group") && subject.equals(UNAUTHENTICATED);
  }

  /** A group every caller (or every authenticated one) is in. */
  public boolean everyone() {
    return subjectKind.equals("Group")
        && (subject.equals(AUTHENTICATED) || subject.equals(UNAUTHENTICATED));
  }

  /**
   * A group with many members: every caller, every authenticated one, anonymous requests, or every
   * service account (of the cluster or of a namespace).
   */
  public boolean broad() {
    return everyone()
        || anonymous()
        || subjectKind.equals("Group")
            && (subject.equals(ALL_SERVICE_ACCOUNTS)
                || subject.startsWith(ALL_SERVICE_ACCOUNTS + ":"));
  }

  public boolean masters() {
    return subjectKind.equals("Group") && subject.equals(MASTERS);
  }

  /**
   * A grant a namespace's default service account holds: the SA itself, or a group every service
   * account is in ({@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>}).
   */
  public boolean defaultServiceAccount() {
    if (subjectKind.equals("ServiceAccount")) {
      return subject.endsWith(":default");
    }
    return subjectKind.equals("Group")
        && (subject.equals(ALL_SERVICE_ACCOUNTS) || subject.startsWith(ALL_SERVICE_ACCOUNTS + ":"));
  }

  public boolean reads() {
    return rule != null && Capabilities.reads(rule);
  }
}
