package dev.fleetscore.demo;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose output is a fixed function of its seed (SHA-256 in counter mode), so
 * that key generation for the demo PKI is reproducible. Demo keys are public test material and are
 * never written anywhere; this must never be used for real keys.
 */
final class SeededSecureRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  SeededSecureRandom(long seed) {
    super(new CounterSpi(seed), null);
  }

  private static final class CounterSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final transient MessageDigest sha256;
    private long counter;
    private final byte[] block = new byte[32];
    private int used = block.length;

    CounterSpi(long seed) {
      this.seed = seed;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    @Override
    protected void engineSetSeed(byte[] extra) {
      // Ignored on purpose: the stream must depend on the constructor seed only.
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        if (used == block.length) {
          refill();
        }
        bytes[i] = block[used++];
      }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      byte[] b = new byte[numBytes];
      engineNextBytes(b);
      return b;
    }

    private void refill() {
      sha256.reset();
      sha256.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
      byte[] d = sha256.digest();
      System.arraycopy(d, 0, block, 0, block.length);
      used = 0;
    }
  }
}
