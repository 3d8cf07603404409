package dev.fleetscore.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What an evaluation is relative to. Everything time-dependent (certificate expiry, exemption
 * expiry) uses {@link #asOf()}, the end of the snapshot date, never the wall clock, so rescoring a
 * snapshot later gives the same findings.
 */
public record EvaluationContext(String snapshotId, LocalDate snapshotDate, String producerVersion) {

  /** The instant findings are judged at: the start of the day after the snapshot date, UTC. */
  public Instant asOf() {
    return snapshotDate.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
  }
}
