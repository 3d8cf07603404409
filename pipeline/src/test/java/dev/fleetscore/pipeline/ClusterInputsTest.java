package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * ClusterInputs.of: a cluster's rows of a per-source file go into their lists in file order, in one
 * pass (a 20,000-row inventory is one build, not a copy per row); a row of a table that is not per
 * cluster is refused.
 */
class ClusterInputsTest {

  static final LocalDate D = LocalDate.of(2026, 11, 22);
  static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

  @Test
  void sortsEachRowIntoItsListInOrder() {
    List<SpecificRecord> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(inventory("node-" + i));
    }
    rows.add(
        RbacServiceAccountRow.newBuilder()
            .setSnapshotId("s1")
            .setSnapshotDate(D)
            .setClusterId("k3s:edge")
            .setCollectedAt(AT)
            .setProducerVersion("test")
            .setNamespace("kube-system")
            .setName("default")
            .setAutomountToken(null)
            .setSource("rbac.json")
            .build());
    ClusterInputs in = ClusterInputs.of("k3s:edge", rows);
    assertEquals(20_000, in.inventory().size());
    assertEquals("node-0", in.inventory().get(0).getNodeName());
    assertEquals("node-19999", in.inventory().get(19_999).getNodeName());
    assertEquals(1, in.rbacServiceAccounts().size());
    assertEquals(List.of(), in.clusters());
    assertEquals(List.of(), in.rbacRoles());
  }

  @Test
  void refusesARowOfATableThatIsNotPerCluster() {
    CollectionErrorRow e = new CollectionErrorRow();
    IllegalArgumentException x =
        assertThrows(
            IllegalArgumentException.class, () -> ClusterInputs.of("k3s:edge", List.of(e)));
    assertEquals("not a per-cluster row: CollectionErrorRow", x.getMessage());
  }

  static InventoryRow inventory(String node) {
    return new InventoryRow(
        "s1",
        D,
        "k3s:edge",
        node,
        AT,
        "test",
        "k3s",
        null,
        null,
        "v1.30.5+k3s1",
        "Ubuntu",
        "containerd://1.7.22",
        true,
        false,
        "kubectl");
  }
}
