package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * The per-source rows of one cluster (cloud_clusters, cloud_node_pools, auth_mappings, inventory,
 * rbac_roles, rbac_bindings, rbac_service_accounts), as read from one source file or, after {@link
 * CloudTables#resolve}, deduplicated and sorted: the encodable form of {@link ClusterFacts} that
 * travels as the pipeline's side input.
 */
public record ClusterInputs(
    String clusterId,
    List<CloudClusterRow> clusters,
    List<CloudNodePoolRow> pools,
    List<AuthMappingRow> authMappings,
    List<InventoryRow> inventory,
    List<RbacRoleRow> rbacRoles,
    List<RbacBindingRow> rbacBindings,
    List<RbacServiceAccountRow> rbacServiceAccounts) {

  public ClusterInputs {
    clusters = List.copyOf(clusters);
    pools = List.copyOf(pools);
    authMappings = List.copyOf(authMappings);
    inventory = List.copyOf(inventory);
    rbacRoles = List.copyOf(rbacRoles);
    rbacBindings = List.copyOf(rbacBindings);
    rbacServiceAccounts = List.copyOf(rbacServiceAccounts);
  }

  /** Inputs without RBAC rows. */
  public ClusterInputs(
      String clusterId,
      List<CloudClusterRow> clusters,
      List<CloudNodePoolRow> pools,
      List<AuthMappingRow> authMappings,
      List<InventoryRow> inventory) {
    this(clusterId, clusters, pools, authMappings, inventory, List.of(), List.of(), List.of());
  }

  static ClusterInputs empty(String clusterId) {
    return new ClusterInputs(clusterId, List.of(), List.of(), List.of(), List.of());
  }

  /** The model's view; call only on resolved inputs (at most one cloud_clusters row). */
  public ClusterFacts facts() {
    if (clusters.size() > 1) {
      throw new IllegalStateException("unresolved cloud rows for " + clusterId);
    }
    return new ClusterFacts(
        clusterId,
        clusters.isEmpty() ? Optional.empty() : Optional.of(clusters.get(0)),
        pools,
        authMappings,
        inventory,
        new RbacEvidence(rbacRoles, rbacBindings, rbacServiceAccounts));
  }

  /** The inputs of one cluster from its rows of any of the seven per-cluster tables. */
  static ClusterInputs of(String clusterId, List<? extends SpecificRecord> rows) {
    Rows r = new Rows();
    rows.forEach(r::add);
    return r.build(clusterId);
  }

  /** Concatenation of partial inputs of one cluster. */
  static ClusterInputs concat(String clusterId, Iterable<ClusterInputs> parts) {
    Rows r = new Rows();
    parts.forEach(r::addAll);
    return r.build(clusterId);
  }

  /** The seven row lists being filled. */
  private static final class Rows {
    final List<CloudClusterRow> clusters = new ArrayList<>();
    final List<CloudNodePoolRow> pools = new ArrayList<>();
    final List<AuthMappingRow> auth = new ArrayList<>();
    final List<InventoryRow> inventory = new ArrayList<>();
    final List<RbacRoleRow> roles = new ArrayList<>();
    final List<RbacBindingRow> bindings = new ArrayList<>();
    final List<RbacServiceAccountRow> accounts = new ArrayList<>();

    void add(SpecificRecord row) {
      if (row instanceof CloudClusterRow x) {
        clusters.add(x);
      } else if (row instanceof CloudNodePoolRow x) {
        pools.add(x);
      } else if (row instanceof AuthMappingRow x) {
        auth.add(x);
      } else if (row instanceof InventoryRow x) {
        inventory.add(x);
      } else if (row instanceof RbacRoleRow x) {
        roles.add(x);
      } else if (row instanceof RbacBindingRow x) {
        bindings.add(x);
      } else if (row instanceof RbacServiceAccountRow x) {
        accounts.add(x);
      } else {
        throw new IllegalArgumentException(
            "not a per-cluster row: " + row.getClass().getSimpleName());
      }
    }

    void addAll(ClusterInputs x) {
      clusters.addAll(x.clusters);
      pools.addAll(x.pools);
      auth.addAll(x.authMappings);
      inventory.addAll(x.inventory);
      roles.addAll(x.rbacRoles);
      bindings.addAll(x.rbacBindings);
      accounts.addAll(x.rbacServiceAccounts);
    }

    ClusterInputs build(String id) {
      return new ClusterInputs(id, clusters, pools, auth, inventory, roles, bindings, accounts);
    }
  }

  /** Avro binary for the rows; used for the side input and the cloud-row shuffle. */
  public static final class Coder extends CustomCoder<ClusterInputs> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder ID = StringUtf8Coder.of();
    private static final ListCoder<CloudClusterRow> CLUSTERS =
        ListCoder.of(AvroCoder.of(CloudClusterRow.class));
    private static final ListCoder<CloudNodePoolRow> POOLS =
        ListCoder.of(AvroCoder.of(CloudNodePoolRow.class));
    private static final ListCoder<AuthMappingRow> AUTH =
        ListCoder.of(AvroCoder.of(AuthMappingRow.class));
    private static final ListCoder<InventoryRow> INVENTORY =
        ListCoder.of(AvroCoder.of(InventoryRow.class));
    private static final ListCoder<RbacRoleRow> RBAC_ROLES =
        ListCoder.of(AvroCoder.of(RbacRoleRow.class));
    private static final ListCoder<RbacBindingRow> RBAC_BINDINGS =
        ListCoder.of(AvroCoder.of(RbacBindingRow.class));
    private static final ListCoder<RbacServiceAccountRow> RBAC_SAS =
        ListCoder.of(AvroCoder.of(RbacServiceAccountRow.class));

    public static Coder of() {
      return new Coder();
    }

    /**
     * Stateless: every instance is the same coder (Flink compares coders when it unions inputs).
     */
    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }

    @Override
    public void encode(ClusterInputs v, OutputStream out) throws IOException {
      ID.encode(v.clusterId, out);
      CLUSTERS.encode(v.clusters, out);
      POOLS.encode(v.pools, out);
      AUTH.encode(v.authMappings, out);
      INVENTORY.encode(v.inventory, out);
      RBAC_ROLES.encode(v.rbacRoles, out);
      RBAC_BINDINGS.encode(v.rbacBindings, out);
      RBAC_SAS.encode(v.rbacServiceAccounts, out);
    }

    @Override
    public ClusterInputs decode(InputStream in) throws IOException {
      return SharedValues.inputs(decodeRows(in));
    }

    private static ClusterInputs decodeRows(InputStream in) throws IOException {
      return new ClusterInputs(
          ID.decode(in),
          CLUSTERS.decode(in),
          POOLS.decode(in),
          AUTH.decode(in),
          INVENTORY.decode(in),
          RBAC_ROLES.decode(in),
          RBAC_BINDINGS.decode(in),
          RBAC_SAS.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
