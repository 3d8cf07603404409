package dev.fleetscore.rules;

import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CertificateRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collections a rule can quantify over. Files, certificates and config files are selected by
 * {@link dev.fleetscore.model.FileRoles} role, from the paths the normalizer assigned from the
 * effective configuration; a role path the dump has no row for is kept as an element without
 * evidence, so it is judged NO_EVIDENCE instead of silently skipped.
 */
final class ElementSets {

  private ElementSets() {}

  private static String roleList(List<String> roles) {
    return roles.size() == 1 ? "role " + roles.get(0) : "roles " + String.join(", ", roles);
  }

  static Checks.Elements files(List<String> roles) {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        Scope.NodeScope n = (Scope.NodeScope) scope;
        List<Object> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String role : roles) {
          for (String path : n.node.paths(role)) {
            if (seen.add(path)) {
              out.add(new Kinds.FileElem(role, path, n.node.fileStats().get(path)));
            }
          }
        }
        return out;
      }

      @Override
      public String describe() {
        return "file of " + roleList(roles);
      }

      @Override
      public String whyNone(Scope scope) {
        return "no file has " + roleList(roles) + " on this node";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.filePathUnknown("file of " + roleList(roles));
      }

      @Override
      public String absentByDesign(Scope scope) {
        return ElementSets.absentByDesign(scope, roles);
      }
    };
  }

  /** The reasons every role is absent by the node's design, or null if one could exist. */
  static String absentByDesign(Scope scope, List<String> roles) {
    if (!(scope instanceof Scope.NodeScope n)) {
      return null;
    }
    java.util.TreeSet<String> why = new java.util.TreeSet<>();
    for (String role : roles) {
      String w = n.node.absentRoles().get(role);
      if (w == null) {
        return null;
      }
      why.add(w);
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /** Certificates of the roles, or every certificate of the node when {@code roles} is null. */
  static Checks.Elements certificates(List<String> roles) {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        Scope.NodeScope n = (Scope.NodeScope) scope;
        List<Object> out = new ArrayList<>();
        if (roles == null) {
          for (CertificateRow c : n.node.certificates()) {
            out.add(new Kinds.CertElem(null, c.getPath(), c));
          }
          return out;
        }
        Set<String> seen = new HashSet<>();
        for (String role : roles) {
          for (String path : n.node.paths(role)) {
            if (!seen.add(path)) {
              continue;
            }
            List<CertificateRow> rows = n.certificatesAt(path);
            if (rows.isEmpty()) {
              out.add(new Kinds.CertElem(role, path, null));
            }
            for (CertificateRow c : rows) {
              out.add(new Kinds.CertElem(role, path, c));
            }
          }
        }
        return out;
      }

      @Override
      public String describe() {
        return roles == null ? "certificate on the node" : "certificate of " + roleList(roles);
      }

      @Override
      public String whyNone(Scope scope) {
        return roles == null
            ? "the dump holds no certificate"
            : "no certificate file has " + roleList(roles) + " on this node";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return roles == null
            ? Cause.fileNotCollected("the certificate files the configuration names")
            : Cause.filePathUnknown("certificate of " + roleList(roles));
      }
    };
  }

  static Checks.Elements configFiles(List<String> roles) {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        Scope.NodeScope n = (Scope.NodeScope) scope;
        List<Object> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String role : roles) {
          for (String path : n.node.paths(role)) {
            if (seen.add(path)) {
              out.add(new Kinds.ConfigElem(role, path, n.configAt(path)));
            }
          }
        }
        return out;
      }

      @Override
      public String describe() {
        return "config file of " + roleList(roles);
      }

      @Override
      public String whyNone(Scope scope) {
        return "no config file has " + roleList(roles) + " on this node";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.filePathUnknown("config file of " + roleList(roles));
      }
    };
  }

  static Checks.Elements pools() {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        return new ArrayList<>(scope.pools());
      }

      @Override
      public String describe() {
        return "node pool";
      }

      @Override
      public String whyNone(Scope scope) {
        return "the cluster has no cloud_node_pools rows";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.cloudTableMissing("cloud_node_pools");
      }
    };
  }

  static Checks.Elements authMappings() {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        List<AuthMappingRow> rows =
            scope.cluster() == null ? List.of() : scope.cluster().authMappings();
        return new ArrayList<>(rows);
      }

      @Override
      public String describe() {
        return "identity mapping (aws-auth entry or access entry)";
      }

      @Override
      public String whyNone(Scope scope) {
        return "the cluster has no auth_mappings rows (aws-auth or access entries)";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.cloudTableMissing(
            "auth_mappings: the aws-auth ConfigMap and access entries, `fleetscore collect eks`");
      }
    };
  }

  /** Effective RBAC grants of the cluster, computed once per cluster evaluation. */
  static Checks.Elements rbacGrants() {
    return rbac(
        s -> new ArrayList<>(((Scope.ClusterScope) s).grants()),
        "RBAC grant",
        "the cluster has no RBAC evidence (run fleetscore collect rbac)");
  }

  static Checks.Elements rbacRoles() {
    return rbac(
        s -> new ArrayList<>(((Scope.ClusterScope) s).policy().roles()),
        "role",
        "the cluster has no RBAC evidence (run fleetscore collect rbac)");
  }

  static Checks.Elements rbacServiceAccounts() {
    return rbac(
        s -> new ArrayList<>(s.cluster().rbac().serviceAccounts()),
        "service account",
        "the cluster has no rbac_service_accounts rows (run fleetscore collect rbac)");
  }

  private static Checks.Elements rbac(
      java.util.function.Function<Scope, List<Object>> of, String noun, String none) {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        return scope.cluster() == null ? List.of() : of.apply(scope);
      }

      @Override
      public String describe() {
        return noun;
      }

      @Override
      public String whyNone(Scope scope) {
        return none;
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.rbacNotCollected();
      }
    };
  }

  static Checks.Elements nodes() {
    return new Checks.Elements() {
      @Override
      public List<Object> of(Scope scope) {
        return new ArrayList<>(((Scope.ClusterScope) scope).nodes);
      }

      @Override
      public String describe() {
        return "scored node of the cluster";
      }

      @Override
      public String whyNone(Scope scope) {
        return "no node of the cluster was scored";
      }

      @Override
      public Cause noneCause(Scope scope) {
        return Cause.noNodeScored();
      }
    };
  }

  /** Values of a field of the certificates of roles ({@code value_from}). */
  static Operand.Dynamic certificateValues(List<String> roles, Kinds.Field f) {
    Checks.Elements certs = certificates(roles);
    return new Operand.Dynamic() {
      @Override
      public List<TypedValue> resolve(Scope scope) {
        List<TypedValue> out = new ArrayList<>();
        for (Object e : certs.of(scope)) {
          Kinds.CertElem c = (Kinds.CertElem) e;
          if (c.row() == null) {
            continue;
          }
          TypedValue v = f.getter().get(c, scope);
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }

      @Override
      public String describe() {
        return "the " + f.name() + " of the certificates of " + roleList(roles);
      }

      @Override
      public Cause missingCause() {
        return Cause.fileNotCollected("the certificate files of " + roleList(roles));
      }
    };
  }
}
