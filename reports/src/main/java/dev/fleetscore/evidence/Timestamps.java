package dev.fleetscore.evidence;

import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * RFC 3161 trusted time for a bundle: the SHA-256 of {@code SHA256SUMS.p7s} is sent to a timestamp
 * authority, whose whole DER response is kept as {@code SHA256SUMS.p7s.tsr}, the file {@code
 * openssl ts -verify -data SHA256SUMS.p7s -in SHA256SUMS.p7s.tsr} checks. It proves the signature
 * (and so SHA256SUMS and every file it lists) existed at the token's time.
 */
public final class Timestamps {

  /** The response file, beside the signature it timestamps. */
  public static final String FILE = Checksums.SIGNATURE + ".tsr";

  private Timestamps() {}

  /** Asks the TSA at {@code url} for a token over SHA-256 of {@code signature}; DER response. */
  static byte[] request(String url, byte[] signature) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new UserError("--tsa-url " + url + ": not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new UserError("--tsa-url " + url + ": only http and https are supported");
    }
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true);
    BigInteger nonce = new BigInteger(63, new SecureRandom());
    TimeStampRequest req =
        gen.generate(TSPAlgorithms.SHA256, Hashing.sha256().digest(signature), nonce);
    byte[] body;
    try {
      HttpResponse<byte[]> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(20))
              .build()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/timestamp-query")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(req.getEncoded()))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new UserError("timestamp authority " + url + " answered HTTP " + r.statusCode());
      }
      body = r.body();
    } catch (IOException e) {
      throw new UserError("cannot reach the timestamp authority " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while asking the timestamp authority " + url, e);
    }
    try {
      TimeStampResponse resp = new TimeStampResponse(body);
      resp.validate(req);
      if (resp.getTimeStampToken() == null) {
        throw new UserError(
            "timestamp authority " + url + " granted no token: " + resp.getStatusString());
      }
      return resp.getEncoded();
    } catch (TSPException | IOException e) {
      throw new UserError(
          "timestamp authority " + url + " sent an unusable response: " + e.getMessage(), e);
    }
  }

  /**
   * What a timestamp check found.
   *
   * @param time the token's time (UTC, ISO-8601), or null when unreadable
   * @param tsa the TSA certificate's subject, or null
   * @param problem why the timestamp fails, or null
   * @param pinned whether the TSA was checked against a trusted certificate
   */
  record Check(String time, String tsa, String problem, boolean pinned) {}

  /**
   * Checks {@code response} (a .tsr) against {@code signature}: granted, imprint SHA-256 equal to
   * the signature's hash, the token signed by the certificate it carries, and, when {@code trusted}
   * is given, that certificate is one of them or issued by one of them and valid at the token's
   * time.
   */
  static Check verify(
      byte[] response, byte[] signature, Collection<X509CertificateHolder> trusted) {
    TimeStampToken token;
    try {
      token = new TimeStampResponse(response).getTimeStampToken();
    } catch (TSPException | IOException | RuntimeException e) {
      return new Check(null, null, "not an RFC 3161 timestamp response: " + e.getMessage(), false);
    }
    if (token == null) {
      return new Check(null, null, "the response holds no timestamp token", false);
    }
    Date when = token.getTimeStampInfo().getGenTime();
    String time = when.toInstant().toString();
    if (!TSPAlgorithms.SHA256.equals(token.getTimeStampInfo().getMessageImprintAlgOID())) {
      return new Check(time, null, "the token's imprint is not SHA-256", false);
    }
    if (!Arrays.equals(
        token.getTimeStampInfo().getMessageImprintDigest(), Hashing.sha256().digest(signature))) {
      return new Check(
          time,
          null,
          "the token timestamps other bytes than "
              + Checksums.SIGNATURE
              + " (the signature was replaced after it was timestamped)",
          false);
    }
    @SuppressWarnings("unchecked")
    Store<X509CertificateHolder> store = token.getCertificates();
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> match = store.getMatches(token.getSID());
    if (match.isEmpty()) {
      return new Check(time, null, "the token does not carry the TSA certificate", false);
    }
    X509CertificateHolder tsa = match.iterator().next();
    String subject = tsa.getSubject().toString();
    try {
      // Checks the token's signature, that the certificate has the critical timeStamping
      // extended key usage, and that it was valid at the token's time.
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.BC).build(tsa));
    } catch (Exception e) {
      return new Check(time, subject, "the token does not verify: " + e.getMessage(), false);
    }
    if (trusted == null || trusted.isEmpty()) {
      return new Check(time, subject, null, false);
    }
    for (X509CertificateHolder t : trusted) {
      if (t.equals(tsa)) {
        return new Check(time, subject, null, true);
      }
      if (t.getSubject().equals(tsa.getIssuer()) && t.isValidOn(when)) {
        try {
          if (tsa.isSignatureValid(
              new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(t))) {
            return new Check(time, subject, null, true);
          }
        } catch (Exception e) {
          // not this issuer; try the next trusted certificate
        }
      }
    }
    return new Check(
        time,
        subject,
        "the TSA certificate "
            + subject
            + " is neither a trusted TSA certificate nor issued by one",
        true);
  }
}
