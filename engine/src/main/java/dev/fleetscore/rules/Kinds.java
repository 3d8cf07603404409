package dev.fleetscore.rules;

import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.model.ValueType;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of facts rules read element by element (files, certificates, config files, node pools,
 * aws-auth and access-entry mappings, node summaries, the cloud cluster, the node itself), each
 * with its named, typed fields. Field names are resolved to getters once, when a rule is loaded.
 */
final class Kinds {

  private Kinds() {}

  /** Reads one field of one element. */
  interface Getter {
    TypedValue get(Object element, Scope scope);
  }

  /** A named, typed field of a kind. */
  record Field(String name, ValueType type, Getter getter) {}

  /** A file with a role: its stat row, or null when the dump has no stat line for it. */
  record FileElem(String role, String path, FileStatRow stat) {}

  /** A certificate of a role: the row, or null when no certificate was read from the path. */
  record CertElem(String role, String path, CertificateRow row) {}

  /** A config file of a role: the row, or null when the dump has no copy of it. */
  record ConfigElem(String role, String path, ConfigFileRow row) {}

  /** A kind of element. */
  abstract static class Kind {
    final String name;
    final String noun;
    final Map<String, Field> fields = new LinkedHashMap<>();

    Kind(String name, String noun) {
      this.name = name;
      this.noun = noun;
    }

    final Kind field(String name, ValueType type, Getter g) {
      fields.put(name, new Field(name, type, g));
      return this;
    }

    /** "file /var/lib/kubelet/config.yaml", "node pool default-pool". */
    abstract String label(Object e);

    /** Why this element has no evidence at all, or null when it has. */
    String missing(Object e) {
      return null;
    }

    String source(Object e) {
      return null;
    }

    String origin(Object e, Field f) {
      return null;
    }

    String evidence(Object e, Scope s) {
      return null;
    }

    /** ", from the cloud API (...)", or empty. */
    String provenance(Object e, Field f) {
      return "";
    }

    /** Why a field is null, as a clause after "has no value". */
    String nullReason(Object e, Field f) {
      return "";
    }

    /** What would give evidence for an element that has none ({@link #missing}). */
    Cause missingCause(Object e) {
      return Cause.fileNotCollected(label(e));
    }

    /** What would give a field that is null a value. */
    Cause nullCause(Object e, Field f, String label) {
      return Cause.settingNoValue(label);
    }

    /** Why a value listed in no_evidence_if does not allow a judgement, and what would. */
    Cause inconclusiveCause(Object e, Field f, String label, String actual) {
      return Cause.checkNotPossible(label, actual);
    }
  }

  static TypedValue str(String s) {
    return s == null ? null : new TypedValue.Str(s);
  }

  static TypedValue bool(Boolean b) {
    return b == null ? null : new TypedValue.Bool(b);
  }

  static TypedValue num(Number n) {
    return n == null ? null : new TypedValue.Int(n.longValue());
  }

  static TypedValue list(List<String> l) {
    return l == null ? null : new TypedValue.ListValue(l);
  }

  private static String dumpEvidence(Scope s, String path) {
    if (s instanceof Scope.NodeScope n) {
      return path == null ? n.dumpId() : n.dumpId() + ":" + path;
    }
    return path;
  }

  static final Kind FILE =
      new Kind("file", "file") {
        @Override
        String label(Object e) {
          return "file " + ((FileElem) e).path();
        }

        @Override
        String missing(Object e) {
          FileElem f = (FileElem) e;
          return f.stat() == null
              ? "the dump has no stat line for " + f.path() + " (role " + f.role() + ")"
              : null;
        }

        @Override
        String origin(Object e, Field f) {
          return ((FileElem) e).path();
        }

        @Override
        String evidence(Object e, Scope s) {
          return dumpEvidence(s, ((FileElem) e).path());
        }
      }.field("path", ValueType.STRING, (e, s) -> str(((FileElem) e).path()))
          .field("role", ValueType.STRING, (e, s) -> str(((FileElem) e).role()))
          .field("mode", ValueType.STRING, (e, s) -> str(((FileElem) e).stat().getMode()))
          .field(
              "owner",
              ValueType.STRING,
              (e, s) -> {
                FileStatRow r = ((FileElem) e).stat();
                return str(r.getOwner() + ":" + r.getGroup());
              })
          .field("user", ValueType.STRING, (e, s) -> str(((FileElem) e).stat().getOwner()))
          .field("group", ValueType.STRING, (e, s) -> str(((FileElem) e).stat().getGroup()))
          .field("size", ValueType.INT, (e, s) -> num(((FileElem) e).stat().getSizeBytes()));

  private static final long DAY_MS = 86_400_000L;

  static final Kind CERTIFICATE =
      new Kind("certificate", "certificate") {
        @Override
        String label(Object e) {
          CertElem c = (CertElem) e;
          if (c.row() != null && c.row().getBundleIndex() > 0) {
            return "certificate " + c.path() + "#" + c.row().getBundleIndex();
          }
          return "certificate " + c.path();
        }

        @Override
        String missing(Object e) {
          CertElem c = (CertElem) e;
          return c.row() == null
              ? "no certificate was read from "
                  + c.path()
                  + " (role "
                  + c.role()
                  + "): it is not in the dump or did not parse"
              : null;
        }

        @Override
        String origin(Object e, Field f) {
          CertElem c = (CertElem) e;
          return c.row() == null || c.row().getBundleIndex() == 0
              ? c.path()
              : c.path() + "#" + c.row().getBundleIndex();
        }

        @Override
        String evidence(Object e, Scope s) {
          return dumpEvidence(s, ((CertElem) e).path());
        }

        @Override
        String nullReason(Object e, Field f) {
          return " (the certificate row does not give it)";
        }

        @Override
        Cause missingCause(Object e) {
          return Cause.fileNotCollected(((CertElem) e).path());
        }

        /** For verify_status: who verifies the certificate and with which CA (the pairing). */
        @Override
        String provenance(Object e, Field f) {
          if (!f.name().equals("verify_status")) {
            return "";
          }
          CertificateRow r = cert(e);
          if (r.getVerifyCaSetting() == null) {
            return "";
          }
          if ("NO_CA_CONFIGURED".equals(r.getVerifyStatus())) {
            return "because "
                + (r.getVerifyDetail() != null
                    ? r.getVerifyDetail()
                    : r.getVerifyCaSetting() + " is not set on this node");
          }
          return r.getVerifyCaPath() == null
              ? "verified by " + r.getVerifyCaSetting() + ", whose CA file is not in this dump"
              : "against " + r.getVerifyCaPath() + ", the CA " + r.getVerifyCaSetting() + " names";
        }

        @Override
        Cause inconclusiveCause(Object e, Field f, String label, String actual) {
          if (f.name().equals("verify_status")) {
            CertificateRow r = cert(e);
            return switch (actual) {
              case "CA_NOT_IN_DUMP", "CA_UNREADABLE" -> Cause.caNotCollected(r.getVerifyDetail());
              case "NOT_CHECKED" -> Cause.trustNotVisible();
              default -> Cause.checkNotPossible(label, actual);
            };
          }
          return Cause.checkNotPossible(label, actual);
        }
      }.field("path", ValueType.STRING, (e, s) -> str(((CertElem) e).path()))
          .field("role", ValueType.STRING, (e, s) -> str(((CertElem) e).role()))
          .field("bundle_index", ValueType.INT, (e, s) -> num(cert(e).getBundleIndex()))
          .field("subject", ValueType.STRING, (e, s) -> str(cert(e).getSubject()))
          .field("issuer", ValueType.STRING, (e, s) -> str(cert(e).getIssuer()))
          .field("serial", ValueType.STRING, (e, s) -> str(cert(e).getSerialHex()))
          .field("not_after", ValueType.STRING, (e, s) -> str(cert(e).getNotAfter().toString()))
          .field(
              "days_until_expiry",
              ValueType.INT,
              (e, s) ->
                  new TypedValue.Int(
                      Math.floorDiv(
                          cert(e).getNotAfter().toEpochMilli() - s.asOf.toEpochMilli(), DAY_MS)))
          .field(
              "expired",
              ValueType.BOOL,
              (e, s) -> new TypedValue.Bool(cert(e).getNotAfter().isBefore(s.asOf)))
          .field(
              "public_key_algorithm",
              ValueType.STRING,
              (e, s) -> str(cert(e).getPublicKeyAlgorithm()))
          .field("public_key_bits", ValueType.INT, (e, s) -> num(cert(e).getPublicKeyBits()))
          .field("public_key_curve", ValueType.STRING, (e, s) -> str(cert(e).getPublicKeyCurve()))
          .field(
              "signature_algorithm",
              ValueType.STRING,
              (e, s) -> str(cert(e).getSignatureAlgorithm()))
          .field("san_dns", ValueType.LIST, (e, s) -> list(cert(e).getSanDns()))
          .field("san_ip", ValueType.LIST, (e, s) -> list(cert(e).getSanIp()))
          .field(
              "sans",
              ValueType.LIST,
              (e, s) -> {
                List<String> all = new ArrayList<>(cert(e).getSanDns());
                all.addAll(cert(e).getSanIp());
                return new TypedValue.ListValue(all);
              })
          .field("key_usage", ValueType.LIST, (e, s) -> list(cert(e).getKeyUsage()))
          .field(
              "extended_key_usage", ValueType.LIST, (e, s) -> list(cert(e).getExtendedKeyUsage()))
          .field(
              "ca",
              ValueType.BOOL,
              (e, s) -> new TypedValue.Bool(Boolean.TRUE.equals(cert(e).getBasicConstraintsCa())))
          .field(
              "basic_constraints_ca",
              ValueType.BOOL,
              (e, s) -> bool(cert(e).getBasicConstraintsCa()))
          .field("self_signed", ValueType.BOOL, (e, s) -> bool(cert(e).getSelfSigned()))
          .field("verify_status", ValueType.STRING, (e, s) -> str(cert(e).getVerifyStatus()))
          .field("verify_ca_setting", ValueType.STRING, (e, s) -> str(cert(e).getVerifyCaSetting()))
          .field("verify_ca_path", ValueType.STRING, (e, s) -> str(cert(e).getVerifyCaPath()))
          .field("verify_detail", ValueType.STRING, (e, s) -> str(cert(e).getVerifyDetail()))
          .field(
              "sha256_fingerprint", ValueType.STRING, (e, s) -> str(cert(e).getSha256Fingerprint()))
          .field("referenced_by", ValueType.LIST, (e, s) -> list(cert(e).getReferencedBy()));

  private static CertificateRow cert(Object e) {
    return ((CertElem) e).row();
  }

  static final Kind CONFIG_FILE =
      new Kind("config_file", "config file") {
        @Override
        String label(Object e) {
          return "config file " + ((ConfigElem) e).path();
        }

        @Override
        String missing(Object e) {
          ConfigElem c = (ConfigElem) e;
          return c.row() == null
              ? "the dump has no copy of " + c.path() + " (role " + c.role() + ")"
              : null;
        }

        @Override
        String origin(Object e, Field f) {
          return ((ConfigElem) e).path();
        }

        @Override
        String evidence(Object e, Scope s) {
          return dumpEvidence(s, ((ConfigElem) e).path());
        }

        @Override
        String nullReason(Object e, Field f) {
          ConfigFileRow r = ((ConfigElem) e).row();
          return r.getParseError() == null ? "" : " (it did not parse: " + r.getParseError() + ")";
        }
      }.field("path", ValueType.STRING, (e, s) -> str(((ConfigElem) e).path()))
          .field("kind", ValueType.STRING, (e, s) -> str(cfg(e).getKind()))
          .field("format", ValueType.STRING, (e, s) -> str(cfg(e).getFormat()))
          .field("api_version", ValueType.STRING, (e, s) -> str(cfg(e).getApiVersion()))
          .field("object_kind", ValueType.STRING, (e, s) -> str(cfg(e).getObjectKind()))
          .field("parse_error", ValueType.STRING, (e, s) -> str(cfg(e).getParseError()))
          .field("kubeconfig_auth", ValueType.STRING, (e, s) -> str(cfg(e).getKubeconfigAuth()))
          .field(
              "kubeconfig_exec_command",
              ValueType.STRING,
              (e, s) -> str(cfg(e).getKubeconfigExecCommand()))
          .field("kubeconfig_server", ValueType.STRING, (e, s) -> str(cfg(e).getKubeconfigServer()))
          .field("redactions", ValueType.INT, (e, s) -> num(cfg(e).getRedactions()));

  private static ConfigFileRow cfg(Object e) {
    return ((ConfigElem) e).row();
  }

  static final Kind POOL =
      new Kind("pool", "node pool") {
        @Override
        String label(Object e) {
          return "node pool " + ((CloudNodePoolRow) e).getPoolName();
        }

        @Override
        String source(Object e) {
          return Source.CLOUD_API.name();
        }

        @Override
        String origin(Object e, Field f) {
          CloudNodePoolRow p = (CloudNodePoolRow) e;
          if (f != null && f.name().contains("readonly_port")) {
            return "node pool " + p.getPoolName() + ", resolved from " + p.getReadonlyPortSource();
          }
          return "node pool " + p.getPoolName();
        }

        @Override
        String evidence(Object e, Scope s) {
          return ((CloudNodePoolRow) e).getSource();
        }

        @Override
        String provenance(Object e, Field f) {
          return "from the cloud API (" + origin(e, f) + ")";
        }

        @Override
        String nullReason(Object e, Field f) {
          return f.name().equals("readonly_port_enabled")
              ? " (its source is " + ((CloudNodePoolRow) e).getReadonlyPortSource() + ")"
              : " (the cloud API does not give it)";
        }

        @Override
        Cause nullCause(Object e, Field f, String label) {
          return Cause.cloudTableMissing(
              "a cloud_node_pools row that gives " + f.name() + ", from a current export");
        }
      }.field("name", ValueType.STRING, (e, s) -> str(pool(e).getPoolName()))
          .field("provider", ValueType.STRING, (e, s) -> str(pool(e).getProvider()))
          .field("version", ValueType.STRING, (e, s) -> str(pool(e).getVersion()))
          .field("status", ValueType.STRING, (e, s) -> str(pool(e).getStatus()))
          .field("image_type", ValueType.STRING, (e, s) -> str(pool(e).getImageType()))
          .field("release_version", ValueType.STRING, (e, s) -> str(pool(e).getReleaseVersion()))
          .field("node_role_arn", ValueType.STRING, (e, s) -> str(pool(e).getNodeRoleArn()))
          .field("machine_types", ValueType.LIST, (e, s) -> list(pool(e).getMachineTypes()))
          .field("autoprovisioned", ValueType.BOOL, (e, s) -> bool(pool(e).getAutoprovisioned()))
          .field(
              "insecure_kubelet_readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(pool(e).getInsecureKubeletReadonlyPortEnabled()))
          .field(
              "readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(pool(e).getReadonlyPortEnabled()))
          .field(
              "readonly_port_source",
              ValueType.STRING,
              (e, s) -> str(pool(e).getReadonlyPortSource()))
          .field(
              "can_disable_readonly_port",
              ValueType.BOOL,
              (e, s) -> bool(pool(e).getCanDisableReadonlyPort()))
          .field("pod_pids_limit", ValueType.INT, (e, s) -> num(pool(e).getPodPidsLimit()));

  private static CloudNodePoolRow pool(Object e) {
    return (CloudNodePoolRow) e;
  }

  static final Kind CLUSTER =
      new Kind("cluster", "cluster") {
        @Override
        String label(Object e) {
          return "cluster " + ((CloudClusterRow) e).getName();
        }

        @Override
        String source(Object e) {
          return Source.CLOUD_API.name();
        }

        @Override
        String origin(Object e, Field f) {
          CloudClusterRow c = (CloudClusterRow) e;
          return c.getProvider() + " cluster " + c.getName() + (f == null ? "" : " " + f.name());
        }

        @Override
        String evidence(Object e, Scope s) {
          return ((CloudClusterRow) e).getSource();
        }

        @Override
        String provenance(Object e, Field f) {
          return "from the cloud API (" + ((CloudClusterRow) e).getSource() + ")";
        }

        @Override
        String nullReason(Object e, Field f) {
          return " (the cloud API does not set it)";
        }

        @Override
        Cause nullCause(Object e, Field f, String label) {
          return Cause.cloudTableMissing(
              "a cloud_clusters row that gives " + f.name() + ", from a current export");
        }
      }.field("provider", ValueType.STRING, (e, s) -> str(cl(e).getProvider()))
          .field("name", ValueType.STRING, (e, s) -> str(cl(e).getName()))
          .field("version", ValueType.STRING, (e, s) -> str(cl(e).getVersion()))
          .field("initial_version", ValueType.STRING, (e, s) -> str(cl(e).getInitialVersion()))
          .field("status", ValueType.STRING, (e, s) -> str(cl(e).getStatus()))
          .field("autopilot", ValueType.BOOL, (e, s) -> bool(cl(e).getAutopilot()))
          .field(
              "endpoint_public_access",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getEndpointPublicAccess()))
          .field(
              "authentication_mode", ValueType.STRING, (e, s) -> str(cl(e).getAuthenticationMode()))
          .field(
              "bootstrap_creator_admin",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getBootstrapCreatorAdmin()))
          .field(
              "default_readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getDefaultReadonlyPortEnabled()))
          .field(
              "autopilot_readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getAutopilotReadonlyPortEnabled()))
          .field(
              "autoprovisioning_readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getAutoprovisioningReadonlyPortEnabled()))
          .field(
              "legacy_node_config_readonly_port_enabled",
              ValueType.BOOL,
              (e, s) -> bool(cl(e).getLegacyNodeConfigReadonlyPortEnabled()));

  private static CloudClusterRow cl(Object e) {
    return (CloudClusterRow) e;
  }

  static final Kind AUTH_MAPPING =
      new Kind("auth_mapping", "identity mapping") {
        @Override
        String label(Object e) {
          AuthMappingRow a = (AuthMappingRow) e;
          String who = a.getPrincipalArn() != null ? a.getPrincipalArn() : a.getAccountId();
          return kindName(a.getSourceKind()) + "[" + a.getEntryIndex() + "] " + who;
        }

        @Override
        String origin(Object e, Field f) {
          AuthMappingRow a = (AuthMappingRow) e;
          return kindName(a.getSourceKind()) + "[" + a.getEntryIndex() + "]";
        }

        @Override
        String evidence(Object e, Scope s) {
          return ((AuthMappingRow) e).getSource();
        }

        @Override
        String provenance(Object e, Field f) {
          return "from " + ((AuthMappingRow) e).getSource();
        }
      }.field("source_kind", ValueType.STRING, (e, s) -> str(am(e).getSourceKind()))
          .field("entry_index", ValueType.INT, (e, s) -> num(am(e).getEntryIndex()))
          .field("principal_arn", ValueType.STRING, (e, s) -> str(am(e).getPrincipalArn()))
          .field("principal_type", ValueType.STRING, (e, s) -> str(am(e).getPrincipalType()))
          .field("account_id", ValueType.STRING, (e, s) -> str(am(e).getAccountId()))
          .field("arn_has_path", ValueType.BOOL, (e, s) -> bool(am(e).getArnHasPath()))
          .field("username", ValueType.STRING, (e, s) -> str(am(e).getUsername()))
          .field("groups", ValueType.LIST, (e, s) -> list(am(e).getGroups()))
          .field("access_entry_type", ValueType.STRING, (e, s) -> str(am(e).getAccessEntryType()))
          .field("access_policies", ValueType.LIST, (e, s) -> list(am(e).getAccessPolicies()));

  /** One effective RBAC grant ({@link dev.fleetscore.rbac.EffectiveAccess}): its binding path. */
  static final Kind RBAC_GRANT =
      new Kind("rbac_grant", "RBAC grant") {
        @Override
        String label(Object e) {
          return gr(e).path();
        }

        @Override
        String origin(Object e, Field f) {
          return gr(e).binding();
        }

        @Override
        String evidence(Object e, Scope s) {
          return gr(e).source() + "#" + gr(e).binding();
        }

        @Override
        String provenance(Object e, Field f) {
          return "from " + gr(e).source();
        }
      }.field("subject_kind", ValueType.STRING, (e, s) -> str(gr(e).subjectKind()))
          .field("subject", ValueType.STRING, (e, s) -> str(gr(e).subject()))
          .field("binding_kind", ValueType.STRING, (e, s) -> str(gr(e).bindingKind()))
          .field("binding_name", ValueType.STRING, (e, s) -> str(gr(e).bindingName()))
          .field("binding", ValueType.STRING, (e, s) -> str(gr(e).binding()))
          .field("role_kind", ValueType.STRING, (e, s) -> str(gr(e).roleKind()))
          .field("role_name", ValueType.STRING, (e, s) -> str(gr(e).roleName()))
          .field("role", ValueType.STRING, (e, s) -> str(gr(e).role()))
          .field("rule_index", ValueType.INT, (e, s) -> num(gr(e).ruleIndex()))
          .field("cluster_wide", ValueType.BOOL, (e, s) -> bool(gr(e).clusterWide()))
          .field("verbs", ValueType.LIST, (e, s) -> list(ruleList(e, r -> r.verbs())))
          .field("api_groups", ValueType.LIST, (e, s) -> list(ruleList(e, r -> r.apiGroups())))
          .field("resources", ValueType.LIST, (e, s) -> list(ruleList(e, r -> r.resources())))
          .field(
              "resource_names", ValueType.LIST, (e, s) -> list(ruleList(e, r -> r.resourceNames())))
          .field(
              "non_resource_urls",
              ValueType.LIST,
              (e, s) -> list(ruleList(e, r -> r.nonResourceUrls())))
          .field("capabilities", ValueType.LIST, (e, s) -> list(gr(e).capabilities()))
          .field("system", ValueType.BOOL, (e, s) -> bool(gr(e).system()))
          .field("anonymous", ValueType.BOOL, (e, s) -> bool(gr(e).anonymous()))
          .field("everyone", ValueType.BOOL, (e, s) -> bool(gr(e).everyone()))
          .field("masters", ValueType.BOOL, (e, s) -> bool(gr(e).masters()))
          .field("broad", ValueType.BOOL, (e, s) -> bool(gr(e).broad()))
          .field(
              "default_service_account",
              ValueType.BOOL,
              (e, s) -> bool(gr(e).defaultServiceAccount()))
          .field("reads", ValueType.BOOL, (e, s) -> bool(gr(e).reads()))
          .field(
              "wildcard",
              ValueType.BOOL,
              (e, s) -> bool(gr(e).rule() != null && gr(e).rule().hasWildcard()))
          .field("grants", ValueType.BOOL, (e, s) -> bool(gr(e).rule() != null));

  private static dev.fleetscore.rbac.Grant gr(Object e) {
    return (dev.fleetscore.rbac.Grant) e;
  }

  private static List<String> ruleList(
      Object e, java.util.function.Function<dev.fleetscore.rbac.PolicyRule, List<String>> f) {
    dev.fleetscore.rbac.PolicyRule r = gr(e).rule();
    return r == null ? List.of() : f.apply(r);
  }

  /** A Role or ClusterRole with the rules the authorizer applies (aggregation resolved). */
  static final Kind RBAC_ROLE =
      new Kind("rbac_role", "role") {
        @Override
        String label(Object e) {
          dev.fleetscore.schema.RbacRoleRow r = ro(e).row();
          return r.getNamespace() == null
              ? r.getKind() + "/" + r.getName()
              : r.getKind() + " " + r.getNamespace() + "/" + r.getName();
        }

        @Override
        String evidence(Object e, Scope s) {
          return ro(e).row().getSource() + "#" + label(e);
        }

        @Override
        String provenance(Object e, Field f) {
          return "from " + ro(e).row().getSource();
        }
      }.field("kind", ValueType.STRING, (e, s) -> str(ro(e).row().getKind()))
          .field("name", ValueType.STRING, (e, s) -> str(ro(e).row().getName()))
          .field("system", ValueType.BOOL, (e, s) -> bool(ro(e).system()))
          .field(
              "aggregated",
              ValueType.BOOL,
              (e, s) -> bool(ro(e).row().getAggregationRuleJson() != null))
          .field("rule_count", ValueType.INT, (e, s) -> num(ro(e).rules().size()))
          .field(
              "wildcard",
              ValueType.BOOL,
              (e, s) -> bool(ro(e).rules().stream().anyMatch(r -> r.hasWildcard())))
          .field(
              "wildcard_rules",
              ValueType.LIST,
              (e, s) ->
                  list(
                      ro(e).rules().stream()
                          .filter(r -> r.hasWildcard())
                          .map(
                              r ->
                                  r.isNonResource()
                                      ? "nonResourceURLs " + r.nonResourceUrls()
                                      : r.verbs() + " " + r.apiGroups() + " " + r.resources())
                          .toList()));

  private static dev.fleetscore.rbac.RbacPolicy.Role ro(Object e) {
    return (dev.fleetscore.rbac.RbacPolicy.Role) e;
  }

  /** A ServiceAccount; {@code automount} is the effective value (unset means mounted). */
  static final Kind RBAC_SERVICE_ACCOUNT =
      new Kind("rbac_service_account", "service account") {
        @Override
        String label(Object e) {
          return "ServiceAccount " + sa(e).getNamespace() + "/" + sa(e).getName();
        }

        @Override
        String evidence(Object e, Scope s) {
          return sa(e).getSource() + "#" + label(e);
        }

        @Override
        String provenance(Object e, Field f) {
          return "from " + sa(e).getSource();
        }
      }.field("namespace", ValueType.STRING, (e, s) -> str(sa(e).getNamespace()))
          .field("name", ValueType.STRING, (e, s) -> str(sa(e).getName()))
          .field("automount_token", ValueType.BOOL, (e, s) -> bool(sa(e).getAutomountToken()))
          .field(
              "automount",
              ValueType.BOOL,
              (e, s) -> bool(sa(e).getAutomountToken() == null || sa(e).getAutomountToken()));

  private static dev.fleetscore.schema.RbacServiceAccountRow sa(Object e) {
    return (dev.fleetscore.schema.RbacServiceAccountRow) e;
  }

  private static AuthMappingRow am(Object e) {
    return (AuthMappingRow) e;
  }

  /** aws-auth mapRoles, access entry, ... for labels. */
  static String kindName(String sourceKind) {
    if (sourceKind == null) {
      return "mapping";
    }
    return switch (sourceKind) {
      case "AWS_AUTH_MAP_ROLES" -> "aws-auth mapRoles";
      case "AWS_AUTH_MAP_USERS" -> "aws-auth mapUsers";
      case "AWS_AUTH_MAP_ACCOUNTS" -> "aws-auth mapAccounts";
      case "ACCESS_ENTRY" -> "access entry";
      default -> sourceKind;
    };
  }

  /**
   * Node summaries; besides {@code name} and {@code pool}, any {@code component:setting} or {@code
   * metrics:...} key of the summary is a field (see {@link #summaryField}).
   */
  static final Kind NODE_SUMMARY =
      new Kind("node_summary", "node") {
        @Override
        String label(Object e) {
          return "node " + ((NodeSummary) e).nodeName();
        }

        @Override
        String origin(Object e, Field f) {
          return "node " + ((NodeSummary) e).nodeName();
        }

        @Override
        String nullReason(Object e, Field f) {
          return " (the node's summary does not carry it)";
        }

        @Override
        Cause nullCause(Object e, Field f, String label) {
          return f.name().startsWith("metrics:")
              ? Cause.metricsNotCollected()
              : Cause.settingNoValue(label);
        }
      }.field("name", ValueType.STRING, (e, s) -> str(((NodeSummary) e).nodeName()))
          .field("pool", ValueType.STRING, (e, s) -> str(((NodeSummary) e).nodePool()));

  /**
   * A summary key read as {@code type}: the summary holds canonical strings, so an unparseable one
   * becomes a string the operator then rejects as a type mismatch.
   */
  static Field summaryField(String key, ValueType type) {
    return new Field(
        key,
        type == null ? ValueType.STRING : type,
        (e, s) -> parseAs(((NodeSummary) e).facts().get(key), type));
  }

  static TypedValue parseAs(String text, ValueType type) {
    if (text == null) {
      return null;
    }
    if (type == null) {
      return new TypedValue.Str(text);
    }
    TypedValue v =
        switch (type) {
          case INT -> TypedText.integer(text).map(TypedValue.Int::new).orElse(null);
          case BOOL -> TypedText.bool(text).map(TypedValue.Bool::new).orElse(null);
          case DURATION -> TypedText.duration(text).map(TypedValue.Duration::new).orElse(null);
          case QUANTITY -> TypedText.quantity(text).orElse(null);
          default -> null;
        };
    return v == null ? new TypedValue.Str(text) : v;
  }

  /** The node itself (the element is the {@link Scope.NodeScope}). */
  static final Kind NODE =
      new Kind("node", "node") {
        @Override
        String label(Object e) {
          return "node " + ((Scope.NodeScope) e).node.nodeName();
        }

        @Override
        String origin(Object e, Field f) {
          Scope.NodeScope n = (Scope.NodeScope) e;
          if (f != null && f.name().equals("readonly_requests")) {
            return n.readonlyRequests().path();
          }
          return null;
        }

        @Override
        String evidence(Object e, Scope s) {
          Scope.NodeScope n = (Scope.NodeScope) e;
          String p = n.readonlyRequests().path();
          return dumpEvidence(s, p);
        }

        @Override
        String provenance(Object e, Field f) {
          Scope.NodeScope n = (Scope.NodeScope) e;
          if (f.name().equals("readonly_requests") && n.readonlyRequests().path() != null) {
            return "from kubelet_http_requests_total{server_type=\"readonly\"} in "
                + n.readonlyRequests().path();
          }
          return "";
        }

        @Override
        String nullReason(Object e, Field f) {
          Scope.NodeScope n = (Scope.NodeScope) e;
          if (f.name().equals("readonly_requests")) {
            return ": " + n.readonlyRequests().why();
          }
          return "";
        }

        @Override
        Cause nullCause(Object e, Field f, String label) {
          return switch (f.name()) {
            case "readonly_requests" -> Cause.metricsNotCollected();
            case "kubelet_version" -> Cause.versionUnknown();
            case "node_pool" -> Cause.nodePoolUnknown();
            default -> Cause.settingNoValue(label);
          };
        }
      }.field("platform", ValueType.STRING, (e, s) -> str(((Scope.NodeScope) e).platform()))
          .field("node_pool", ValueType.STRING, (e, s) -> str(((Scope.NodeScope) e).poolName))
          .field(
              "kubelet_version",
              ValueType.STRING,
              (e, s) -> {
                Scope.NodeScope n = (Scope.NodeScope) e;
                return n.version() == null ? null : str(n.version().toString());
              })
          .field(
              "control_plane",
              ValueType.BOOL,
              (e, s) -> new TypedValue.Bool(((Scope.NodeScope) e).controlPlane))
          .field(
              "readonly_requests",
              ValueType.INT,
              (e, s) -> num(((Scope.NodeScope) e).readonlyRequests().count()));

  static final Map<String, Kind> BY_NAME;

  static {
    Map<String, Kind> m = new LinkedHashMap<>();
    for (Kind k :
        List.of(
            FILE,
            CERTIFICATE,
            CONFIG_FILE,
            POOL,
            CLUSTER,
            AUTH_MAPPING,
            RBAC_GRANT,
            RBAC_ROLE,
            RBAC_SERVICE_ACCOUNT,
            NODE_SUMMARY,
            NODE)) {
      m.put(k.name, k);
    }
    BY_NAME = Collections.unmodifiableMap(m);
  }
}
