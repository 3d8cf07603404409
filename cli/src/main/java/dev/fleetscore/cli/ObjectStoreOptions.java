package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ObjectStore;
import picocli.CommandLine.Option;

/**
 * How to reach an {@code s3://} warehouse: endpoint, path-style addressing and region, also
 * settable once at the top of {@code fleetscore.yaml}. Credentials are the AWS default chain's
 * ({@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, the {@code ~/.aws} profile, the
 * instance or pod role), never an option, so they stay out of shell history and config files.
 */
final class ObjectStoreOptions {

  @Option(
      names = "--s3-endpoint",
      converter = OptionValues.HttpUrl.class,
      paramLabel = "URL",
      description =
          "S3 API endpoint of an S3-compatible server (MinIO, Ceph, S3Proxy), e.g."
              + " http://minio:9000 (default: AWS's endpoint of the region).")
  String endpoint;

  @Option(
      names = "--s3-path-style",
      description =
          "Address buckets as ENDPOINT/BUCKET/KEY instead of BUCKET.ENDPOINT/KEY (most"
              + " S3-compatible servers need it).")
  boolean pathStyle;

  @Option(
      names = "--s3-region",
      converter = OptionValues.NonBlank.class,
      paramLabel = "REGION",
      description = "AWS region of s3:// warehouses (default: AWS_REGION or the AWS profile's).")
  String region;

  /** Installs these settings for Beam's file systems; call before touching the warehouse. */
  void apply() {
    ObjectStore.use(new ObjectStore.Settings(endpoint, pathStyle, region));
  }
}
