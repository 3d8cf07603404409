package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetscore.collect.node.ConfigParser;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.ReadonlyPortSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EKS clusters, managed node groups and identity mappings, from the JSON the AWS CLI and SDKs print
 * ({@code aws eks describe-cluster}, {@code describe-nodegroup}, {@code list-access-entries},
 * {@code describe-access-entry}, {@code list-associated-access-policies}) and the {@code aws-auth}
 * ConfigMap ({@code kubectl get configmap aws-auth -n kube-system -o yaml|json}), whose {@code
 * mapRoles}, {@code mapUsers} and {@code mapAccounts} values are YAML strings parsed a second time.
 */
final class Eks {

  /** arn:PARTITION:eks:REGION:ACCOUNT:(cluster|nodegroup|access-entry)/CLUSTER[/...]. */
  private static final Pattern EKS_ARN =
      Pattern.compile(
          "^arn:[a-z-]+:eks:([a-z0-9-]+):(\\d{12}):(?:cluster|nodegroup|access-entry)/([^/]+)");

  /** arn:PARTITION:iam::ACCOUNT:(role|user)/[path/]name, and STS assumed roles. */
  private static final Pattern IAM_ARN =
      Pattern.compile("^arn:[a-z-]+:(iam|sts)::(\\d{12}):(role|user|assumed-role)/(.+)$");

  private static final Set<String> KNOWN_CLUSTER_FIELDS =
      Set.of(
          "name",
          "arn",
          "createdAt",
          "version",
          "endpoint",
          "roleArn",
          "resourcesVpcConfig",
          "kubernetesNetworkConfig",
          "logging",
          "identity",
          "status",
          "certificateAuthority",
          "clientRequestToken",
          "platformVersion",
          "tags",
          "encryptionConfig",
          "connectorConfig",
          "id",
          "health",
          "outpostConfig",
          "accessConfig",
          "upgradePolicy",
          "zonalShiftConfig",
          "remoteNetworkConfig",
          "computeConfig",
          "storageConfig",
          "deletionProtection");

  /** A cluster's identity. */
  record Id(String account, String region, String name) {
    String clusterId() {
      return "eks:" + account + "/" + region + "/" + name;
    }
  }

  private Eks() {}

  static Optional<Id> idOfArn(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = EKS_ARN.matcher(arn);
    return m.find() ? Optional.of(new Id(m.group(2), m.group(1), m.group(3))) : Optional.empty();
  }

  static void cluster(CloudBatch batch, JsonNode c, Id id, String source) {
    String clusterId = id.clusterId();
    Gke.Fields f = new Gke.Fields(batch, clusterId, source, "cluster " + id.name());
    CloudClusterRow row =
        batch
            .clusterRow(clusterId, "eks", source, c, KNOWN_CLUSTER_FIELDS)
            .setCloudAccount(id.account())
            .setLocation(id.region())
            .setName(id.name())
            .setVersion(f.str(c, "version"))
            .setCreatedAt(f.time(c, "createdAt"))
            .setStatus(f.str(c, "status"))
            .setEndpointPublicAccess(f.bool(c, "resourcesVpcConfig.endpointPublicAccess"))
            .setAuthenticationMode(f.str(c, "accessConfig.authenticationMode"))
            .setBootstrapCreatorAdmin(
                f.bool(c, "accessConfig.bootstrapClusterCreatorAdminPermissions"))
            .build();
    batch.cluster(row, 0);
  }

  static void nodegroup(CloudBatch batch, JsonNode g, Id id, String source) {
    String clusterId = id.clusterId();
    String name = Json.str(g, "nodegroupName");
    if (name == null) {
      batch.error(
          clusterId, source, null, "CLOUD_EKS", "MISSING_FIELD", "a node group without a name");
      return;
    }
    Gke.Fields f = new Gke.Fields(batch, clusterId, source, "node group " + name);
    CloudNodePoolRow row =
        batch
            .poolRow(clusterId, "eks", name, source, g)
            .setVersion(f.str(g, "version"))
            .setStatus(f.str(g, "status"))
            .setImageType(f.str(g, "amiType"))
            .setReleaseVersion(f.str(g, "releaseVersion"))
            .setNodeRoleArn(f.str(g, "nodeRole"))
            .setMachineTypes(f.strings(g, "instanceTypes"))
            .setDesiredSize(f.int32(g, "scalingConfig.desiredSize"))
            .setReadonlyPortSource(ReadonlyPortSource.NOT_APPLICABLE.name())
            .build();
    batch.pool(row, 0);
  }

  /** One access entry (describe-access-entry), with the policies associated with it if known. */
  static void accessEntry(
      CloudBatch batch,
      JsonNode e,
      String clusterId,
      int index,
      List<String> policies,
      String source) {
    String principal = Json.str(e, "principalArn");
    Gke.Fields f = new Gke.Fields(batch, clusterId, source, "access entry " + principal);
    mapping(
        batch,
        clusterId,
        "ACCESS_ENTRY",
        index,
        principal,
        null,
        f.str(e, "username"),
        f.strings(e, "kubernetesGroups"),
        f.str(e, "type") == null ? "STANDARD" : f.str(e, "type"),
        policies,
        source,
        CloudBatch.canonical(e));
  }

  /** An access entry that is listed but was not described: what it grants is not known. */
  static void listedOnly(
      CloudBatch batch, String clusterId, String principal, int index, String src) {
    mapping(
        batch,
        clusterId,
        "ACCESS_ENTRY",
        index,
        principal,
        null,
        null,
        List.of(),
        null,
        List.of(),
        src,
        CloudBatch.canonical(JsonNodeFactory.instance.objectNode().put("principalArn", principal)));
    batch.warning(
        clusterId,
        src,
        principal,
        "AWS_AUTH",
        "ACCESS_ENTRY_NOT_DESCRIBED",
        "access entry "
            + principal
            + " is listed but no describe-access-entry output was given, so its username, groups"
            + " and type are unknown");
  }

  /**
   * The aws-auth ConfigMap. Each of mapRoles, mapUsers and mapAccounts is parsed on its own: one
   * that does not parse gives an AWS_AUTH error row and the others are still read.
   */
  static void awsAuth(CloudBatch batch, JsonNode cm, String clusterId, String source) {
    JsonNode data = cm.path("data");
    if (!data.isObject()) {
      batch.warning(
          clusterId,
          source,
          null,
          "AWS_AUTH",
          "EMPTY",
          "the aws-auth ConfigMap has no data: no IAM principal is mapped through it");
      return;
    }
    for (String key : List.of("mapRoles", "mapUsers", "mapAccounts")) {
      JsonNode v = data.path(key);
      if (Json.absent(v)) {
        continue;
      }
      String kind =
          switch (key) {
            case "mapRoles" -> "AWS_AUTH_MAP_ROLES";
            case "mapUsers" -> "AWS_AUTH_MAP_USERS";
            default -> "AWS_AUTH_MAP_ACCOUNTS";
          };
      JsonNode list;
      if (v.isTextual()) {
        if (v.textValue().isBlank()) {
          continue;
        }
        ConfigParser.Parsed p = ConfigParser.parse("aws-auth/" + key + ".yaml", v.textValue());
        if (p.errorCode() != null) {
          batch.error(
              clusterId,
              source,
              "data." + key,
              "AWS_AUTH",
              p.errorCode(),
              "data."
                  + key
                  + " of the aws-auth ConfigMap is not valid YAML ("
                  + p.error()
                  + "); its entries are not read, the other keys are");
          continue;
        }
        list = p.content();
      } else {
        list = v;
      }
      if (list == null || !list.isArray()) {
        batch.error(
            clusterId,
            source,
            "data." + key,
            "AWS_AUTH",
            "NOT_A_LIST",
            "data."
                + key
                + " of the aws-auth ConfigMap is not a YAML list; its entries are not"
                + " read");
        continue;
      }
      int i = 0;
      for (JsonNode entry : list) {
        awsAuthEntry(batch, clusterId, kind, key, i, entry, source);
        i++;
      }
    }
  }

  private static void awsAuthEntry(
      CloudBatch batch,
      String clusterId,
      String kind,
      String key,
      int i,
      JsonNode entry,
      String source) {
    String raw = CloudBatch.canonical(entry);
    if (kind.equals("AWS_AUTH_MAP_ACCOUNTS")) {
      if (!(entry.isTextual() || entry.isNumber())) {
        batch.error(
            clusterId,
            source,
            "data." + key + "[" + i + "]",
            "AWS_AUTH",
            "BAD_VALUE",
            "a mapAccounts entry must be an account id, not " + raw);
        return;
      }
      mapping(
          batch,
          clusterId,
          kind,
          i,
          null,
          entry.asText(),
          null,
          List.of(),
          null,
          List.of(),
          source,
          raw);
      return;
    }
    if (!entry.isObject()) {
      batch.error(
          clusterId,
          source,
          "data." + key + "[" + i + "]",
          "AWS_AUTH",
          "BAD_VALUE",
          "a " + key + " entry must be a mapping, not " + raw);
      return;
    }
    String arnKey = kind.equals("AWS_AUTH_MAP_ROLES") ? "rolearn" : "userarn";
    Gke.Fields f = new Gke.Fields(batch, clusterId, source, "aws-auth " + key + "[" + i + "]");
    String arn = f.str(entry, arnKey);
    if (arn == null) {
      batch.warning(
          clusterId,
          source,
          "data." + key + "[" + i + "]",
          "AWS_AUTH",
          "MISSING_FIELD",
          "the " + key + " entry " + i + " has no " + arnKey + ", so it maps nobody");
    }
    mapping(
        batch,
        clusterId,
        kind,
        i,
        arn,
        null,
        f.str(entry, "username"),
        f.strings(entry, "groups"),
        null,
        List.of(),
        source,
        raw);
  }

  private static void mapping(
      CloudBatch batch,
      String clusterId,
      String kind,
      int index,
      String arn,
      String account,
      String username,
      List<String> groups,
      String type,
      List<String> policies,
      String source,
      String raw) {
    String principalType = "UNKNOWN";
    boolean path = false;
    String acct = account;
    if (kind.equals("AWS_AUTH_MAP_ACCOUNTS")) {
      principalType = "ACCOUNT";
    } else if (arn != null) {
      Matcher m = IAM_ARN.matcher(arn.strip());
      if (m.matches()) {
        acct = m.group(2);
        principalType = m.group(3).equals("user") ? "USER" : "ROLE";
        String resource = m.group(4);
        path = !m.group(3).equals("assumed-role") && resource.contains("/");
      }
    }
    batch.mappings.add(
        AuthMappingRow.newBuilder()
            .setSnapshotId(batch.stamp.snapshotId())
            .setSnapshotDate(batch.stamp.date())
            .setClusterId(clusterId)
            .setCollectedAt(batch.stamp.collectedAt())
            .setProducerVersion(CloudBatch.PRODUCER)
            .setProvider("eks")
            .setSourceKind(kind)
            .setEntryIndex(index)
            .setPrincipalArn(arn)
            .setPrincipalType(principalType)
            .setAccountId(acct)
            .setArnHasPath(path)
            .setUsername(username)
            .setGroups(groups)
            .setAccessEntryType(type)
            .setAccessPolicies(policies)
            .setSource(source)
            .setRaw(raw)
            .build());
  }

  /** Policy ARNs of a list-associated-access-policies output. */
  static List<String> policyArns(CloudBatch batch, JsonNode out, String clusterId, String source) {
    List<String> arns = new ArrayList<>();
    for (JsonNode p : out.path("associatedAccessPolicies")) {
      String arn =
          new Gke.Fields(batch, clusterId, source, "associated policy").str(p, "policyArn");
      if (arn != null) {
        arns.add(arn);
      }
    }
    arns.sort(null);
    return arns;
  }
}
