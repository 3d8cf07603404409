package dev.fleetscore.demo;

import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;

/**
 * A small pool of demo key pairs per fleet seed: RSA generation costs tens to hundreds of
 * milliseconds, so a fleet of ten thousand nodes draws its keys from a few pool slots instead of
 * generating one per certificate. Keys are a pure function of (seed, algorithm, slot) and are
 * memoised for the life of the JVM. Private halves are used for signing only and never written.
 */
final class KeyPool {

  /** RSA-2048 slots per seed; a cluster takes distinct slots for its CAs and leaves. */
  static final int RSA_SLOTS = 6;

  /** EC P-256 slots per seed; kubelets (TLS bootstrap) and k3s use P-256 keys. */
  static final int EC_SLOTS = 48;

  private static final int MAX_CACHED = 4096;
  private static final ConcurrentHashMap<String, AsymmetricCipherKeyPair> CACHE =
      new ConcurrentHashMap<>();

  private KeyPool() {}

  static AsymmetricCipherKeyPair rsa(long seed, int bits, int slot) {
    return cached("rsa" + bits + "/" + seed + "/" + slot, () -> generateRsa(seed, bits, slot));
  }

  static AsymmetricCipherKeyPair ec(long seed, int slot) {
    return cached("p256/" + seed + "/" + slot, () -> generateEc(seed, slot));
  }

  /** A fresh RSA key pair for (seed, slot), bypassing the memo. */
  static AsymmetricCipherKeyPair generateRsa(long seed, int bits, int slot) {
    RSAKeyPairGenerator g = new RSAKeyPairGenerator();
    g.init(
        new RSAKeyGenerationParameters(
            BigInteger.valueOf(65537),
            new SeededSecureRandom(Seeds.derive(seed, "rsa-key", bits, slot)),
            bits,
            100));
    return g.generateKeyPair();
  }

  /** A fresh P-256 key pair for (seed, slot), bypassing the memo. */
  static AsymmetricCipherKeyPair generateEc(long seed, int slot) {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(
        new ECKeyGenerationParameters(
            ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1),
            new SeededSecureRandom(Seeds.derive(seed, "ec-key", slot))));
    return g.generateKeyPair();
  }

  private static AsymmetricCipherKeyPair cached(
      String key, java.util.function.Supplier<AsymmetricCipherKeyPair> make) {
    AsymmetricCipherKeyPair kp = CACHE.get(key);
    if (kp != null) {
      return kp;
    }
    if (CACHE.size() > MAX_CACHED) {
      CACHE.clear();
    }
    // Generated outside computeIfAbsent so that slow RSA generation never blocks other slots;
    // two threads racing for one slot compute the same pair, so either result is fine.
    kp = make.get();
    AsymmetricCipherKeyPair prior = CACHE.putIfAbsent(key, kp);
    return prior == null ? kp : prior;
  }
}
