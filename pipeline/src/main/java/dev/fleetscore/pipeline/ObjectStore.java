package dev.fleetscore.pipeline;

import java.net.URI;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How this process reaches {@code s3://} warehouses through Beam's AWS file system: the endpoint
 * (for an S3-compatible server such as MinIO, Ceph or S3Proxy), path-style addressing and the
 * region. Credentials come from the AWS default chain (the {@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY} environment variables, the {@code aws.accessKeyId} system properties, the
 * {@code ~/.aws} profile, then the instance or pod role), never from fleetscore's own settings.
 *
 * <p>Every command calls {@link #use} once before it touches a warehouse, and every pipeline it
 * runs starts from {@link #options}, so the driver and the pipeline's workers see the same store.
 */
public final class ObjectStore {

  /**
   * @param endpoint the S3 API's URL; null for AWS's own endpoint of the region
   * @param pathStyle address buckets as {@code endpoint/bucket/key} rather than {@code
   *     bucket.endpoint/key} (most S3-compatible servers need it)
   * @param region the AWS region; null for the AWS default chain ({@code AWS_REGION}, the profile)
   */
  public record Settings(String endpoint, boolean pathStyle, String region) {

    /** AWS itself, region and credentials from the default chain. */
    public static final Settings DEFAULT = new Settings(null, false, null);
  }

  /** The smallest multipart part S3 accepts. */
  private static final int UPLOAD_BUFFER = 5 * 1024 * 1024;

  private static volatile Settings current = Settings.DEFAULT;

  private ObjectStore() {}

  /** Makes {@code settings} this process's, for {@link FileSystems} and for later pipelines. */
  public static void use(Settings settings) {
    current = settings;
    FileSystems.setDefaultPipelineOptions(options());
  }

  /** The settings {@link #use} last installed. */
  public static Settings settings() {
    return current;
  }

  /** Fresh pipeline options carrying the current settings. */
  public static PipelineOptions options() {
    return configure(PipelineOptionsFactory.create());
  }

  /** Sets the current settings on {@code options} (any options view) and returns it. */
  public static <T extends PipelineOptions> T configure(T options) {
    Settings s = current;
    S3Options s3 = options.as(S3Options.class);
    if (s.endpoint() != null) {
      s3.setEndpoint(URI.create(s.endpoint()));
    }
    if (s.region() != null) {
      s3.setAwsRegion(Region.of(s.region()));
    }
    // Beam's default part buffer is 64 MiB per open file when the heap allows; fleetscore writes
    // many small bucket files at once, so the S3 minimum part size is plenty and spares the heap.
    s3.setS3UploadBufferSizeBytes(UPLOAD_BUFFER);
    if (s.endpoint() != null || s.pathStyle()) {
      s3.setS3ClientFactoryClass(s.pathStyle() ? PathStyleClients.class : CompatibleClients.class);
    }
    return options;
  }

  /**
   * Beam's S3 client builder for S3-compatible servers: Beam sends {@code
   * x-amz-server-side-encryption-bucket-key-enabled: false} on every upload and copy, which AWS
   * treats as the default and servers without server-side encryption (S3Proxy, for one) refuse as
   * an unsupported header, so the interceptor drops it when it says {@code false}.
   */
  public static class CompatibleClients extends DefaultS3ClientBuilderFactory {
    @Override
    public S3ClientBuilder createBuilder(S3Options options) {
      S3ClientBuilder b = super.createBuilder(options);
      ClientOverrideConfiguration current = b.overrideConfiguration();
      return b.overrideConfiguration(
          current.toBuilder().addExecutionInterceptor(new DropNoOpBucketKeyHeader()).build());
    }
  }

  /** {@link CompatibleClients} with path-style bucket addressing. */
  public static final class PathStyleClients extends CompatibleClients {
    @Override
    public S3ClientBuilder createBuilder(S3Options options) {
      return super.createBuilder(options).forcePathStyle(true);
    }
  }

  private static final class DropNoOpBucketKeyHeader implements ExecutionInterceptor {
    private static final String HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest r = context.httpRequest();
      boolean noOp =
          r.firstMatchingHeader(HEADER).map(v -> v.equalsIgnoreCase("false")).orElse(false);
      return noOp ? r.toBuilder().removeHeader(HEADER).build() : r;
    }
  }
}
