package dev.fleetscore.report;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a NO_EVIDENCE finding has no evidence, as a short code the report groups by. The engine
 * writes it into {@code findings.no_evidence_cause}; for rows without it (tables written before
 * that column existed) the code is derived from the finding's reason, whose wording the engine
 * fixes per cause. A reason no pattern knows is {@link #UNCLASSIFIED}, never dropped.
 */
final class NoEvidenceCauses {

  static final String UNCLASSIFIED = "UNCLASSIFIED";

  private record Cause(String code, Pattern reason) {}

  private static final List<Cause> FROM_REASON =
      List.of(
          new Cause("PROCESS_NOT_SEEN", Pattern.compile("\\bwas not seen on this node\\b")),
          new Cause(
              "VERSION_UNKNOWN",
              Pattern.compile("^The rule applies to Kubernetes .* is not known\\.")),
          new Cause(
              "FILE_NOT_COLLECTED",
              Pattern.compile(
                  "^(no certificate was read from |no file has roles? |the dump has no stat line"
                      + " for )")),
          new Cause("CERT_NOT_VERIFIED", Pattern.compile("verify_status is NOT_CHECKED")),
          new Cause("NO_NODE_SCORED", Pattern.compile("^no node of the cluster was scored")),
          new Cause(
              "CLOUD_TABLE_MISSING",
              Pattern.compile("\\b(cloud (API|export|table)|cloud_clusters|cloud_node_pools)\\b")));

  private NoEvidenceCauses() {}

  /** The cause column when set, otherwise the code derived from the reason. */
  static String of(String cause, String reason) {
    if (cause != null && !cause.isBlank()) {
      return cause.strip();
    }
    if (reason != null) {
      for (Cause c : FROM_REASON) {
        if (c.reason().matcher(reason).find()) {
          return c.code();
        }
      }
    }
    return UNCLASSIFIED;
  }
}
