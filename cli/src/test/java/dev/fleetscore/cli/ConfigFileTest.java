package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.evidence.SigningIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * fleetscore.yaml: precedence (flag, then the command's section, then the shared key, then the
 * built-in default), {@code config check} naming line and column of each problem, every command
 * refusing a bad file before work starts, and the signer's password never printed.
 */
class ConfigFileTest {

  static final String SECRET = "s3cr3t-Hunter2-password";

  @TempDir Path dir;

  Path write(String yaml) throws Exception {
    Path f = dir.resolve("fleetscore.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** Runs as Main does, in {@code dir} as the working folder. */
  Run run(String... args) {
    CommandLine cl = FleetscoreCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = FleetscoreCommand.run(cl, dir, args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The parsed {@code args} with the config of {@code dir} applied, lists included. */
  ParseResult parse(String... args) throws Exception {
    CommandLine cl = FleetscoreCommand.newCommandLine();
    ConfigDefaults d = ConfigDefaults.load(args, dir, cl).orElseThrow();
    d.install(cl);
    ParseResult p = cl.parseArgs(args);
    d.applyLists(p);
    return p;
  }

  static Object value(ParseResult p, String option) {
    ParseResult last = p;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return last.commandSpec().findOption(option).getValue();
  }

  @Test
  void flagBeatsSectionBeatsSharedKeyBeatsBuiltInDefault() throws Exception {
    write(
        """
        warehouse: shared-wh
        rules: [site-rules, team-rules]
        score:
          fail-on: high
        report:
          warehouse: /srv/report-wh
          csv: all
        collect:
          import:
            dumps: [a/, b.tar.gz]
            label: nightly
        """);
    ParseResult s = parse("score", "--date", "2026-11-22");
    assertEquals(dir.resolve("shared-wh").toString(), value(s, "--warehouse"));
    assertEquals("HIGH", value(s, "--fail-on"));
    assertEquals(0.05, value(s, "--max-quarantine-ratio"), "built-in default");
    assertEquals(
        List.of(dir.resolve("site-rules"), dir.resolve("team-rules")), value(s, "--rules"));
    ParseResult flag =
        parse(
            "score",
            "--date",
            "2026-11-22",
            "--fail-on",
            "LOW",
            "--rules",
            "x",
            "--warehouse",
            "w");
    assertEquals("LOW", value(flag, "--fail-on"));
    assertEquals(List.of(Path.of("x")), value(flag, "--rules"));
    assertEquals("w", value(flag, "--warehouse"));
    ParseResult r = parse("report", "--date", "2026-11-22");
    assertEquals("/srv/report-wh", value(r, "--warehouse"), "the section wins");
    assertEquals("ALL", value(r, "--csv").toString());
    ParseResult i = parse("collect", "import", "--date", "2026-11-22");
    assertEquals("nightly", value(i, "--label"));
    ParseResult last = i.subcommand().subcommand();
    assertEquals(
        List.of(dir.resolve("a"), dir.resolve("b.tar.gz")),
        last.commandSpec().positionalParameters().get(0).getValue());
    ParseResult given = parse("collect", "import", "--date", "2026-11-22", "c/");
    assertEquals(
        List.of(Path.of("c/")),
        given.subcommand().subcommand().commandSpec().positionalParameters().get(0).getValue());
  }

  @Test
  void checkNamesLineAndColumnOfEachProblem() throws Exception {
    write(
        """
        warehouse: wh
        score:
          fail-on: HGH
          max-quarantine-ratio: [0.1]
          warehose: x
          parallelism: lots
        report:
          nodes-per-control: -3
        collect:
          import:
            quiet: yes
        date: 2026-11-22
        colect: {}
        """);
    Run r = run("config", "check", dir.resolve("fleetscore.yaml").toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    String e = r.err();
    assertTrue(e.contains("fleetscore.yaml:3:12: score.fail-on: "), e);
    assertTrue(e.contains("'HGH' is not a severity; did you mean HIGH"), e);
    assertTrue(e.contains("expected one of CRITICAL"), e);
    assertTrue(
        e.contains(
            "fleetscore.yaml:4:25: score.max-quarantine-ratio must be a single value, not a list"),
        e);
    assertTrue(
        e.contains(
            "fleetscore.yaml:5:3: unknown key 'warehose' in score; did you mean 'warehouse'?"),
        e);
    assertTrue(e.contains("fleetscore.yaml:6:16: score.parallelism: "), e);
    assertTrue(e.contains("fleetscore.yaml:8:22: report.nodes-per-control: "), e);
    assertTrue(
        e.contains("fleetscore.yaml:11:12: collect.import.quiet must be true or false, not 'yes'"),
        e);
    assertTrue(e.contains("fleetscore.yaml:12:1: 'date' is not read from fleetscore.yaml"), e);
    assertTrue(
        e.contains("fleetscore.yaml:13:1: unknown key 'colect'; did you mean 'collect'?"), e);
    assertTrue(e.contains("8 problem(s)"), e);
  }

  @Test
  void theShippedExampleIsValid() {
    Run r =
        run("config", "check", Path.of("../deploy/fleetscore.yaml").toAbsolutePath().toString());
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("score.max-quarantine-ratio = 0.05"), r.out());
    assertTrue(r.out().contains("collect.import.dumps = [/srv/fleetscore/dumps]"), r.out());
  }

  @Test
  void malformedYamlAndDuplicatesSayWhere() throws Exception {
    write("warehouse: wh\nscore:\n  fail-on: HIGH\n  fail-on: LOW\n");
    Run dup = run("config", "check", dir.resolve("fleetscore.yaml").toString());
    assertEquals(ExitCodes.USAGE, dup.code());
    assertTrue(dup.err().contains(":4:3: duplicate key 'fail-on' (first at line 3)"), dup.err());
    write("warehouse: wh\nscore: [\n");
    Run bad = run("config", "check", dir.resolve("fleetscore.yaml").toString());
    assertEquals(ExitCodes.USAGE, bad.code());
    assertTrue(
        bad.err().contains("fleetscore.yaml:2:9: not valid YAML: while parsing a flow node"),
        bad.err());
    write("a: " + "[".repeat(200) + "]".repeat(200) + "\n");
    Run deep = run("config", "check", dir.resolve("fleetscore.yaml").toString());
    assertEquals(ExitCodes.USAGE, deep.code());
    assertTrue(deep.err().contains("nesting depth (100)"), deep.err());
    write("- warehouse\n");
    assertTrue(
        run("config", "check", dir.resolve("fleetscore.yaml").toString())
            .err()
            .contains(":1:1: the file must be a map"));
  }

  @Test
  void everyCommandRefusesABadFileBeforeWorkStarts() throws Exception {
    write("warehouse: wh\nreport:\n  csv: everything\n");
    Run r = run("report", "--date", "2026-11-22");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("fleetscore.yaml:3:8: report.csv: "), r.err());
    assertTrue(r.err().contains("'fleetscore config check' lists its problems"), r.err());
    assertFalse(Files.exists(dir.resolve("report")), "nothing written");
    Run other = run("score", "--date", "2026-11-22");
    assertEquals(ExitCodes.USAGE, other.code(), "the whole file is checked: " + other.err());
    assertEquals(ExitCodes.OK, run("score", "--help").code(), "help is never blocked");
    assertEquals(ExitCodes.OK, run("--version").code());
  }

  @Test
  void saysWhichFileWasUsedAndConfigOptionWins() throws Exception {
    write("warehouse: no-such-wh\n");
    Run r = run("report", "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains("fleetscore: config " + dir.resolve("fleetscore.yaml")), r.err());
    assertTrue(r.err().contains("no-such-wh"), r.err());
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, "warehouse: elsewhere\n");
    Run o = run("--config", "other.yaml", "report", "--date", "2026-11-22");
    assertTrue(o.err().contains("fleetscore: config " + other), o.err());
    assertTrue(o.err().contains("elsewhere"), o.err());
    Run after = run("report", "--date", "2026-11-22", "--config=other.yaml");
    assertTrue(after.err().contains("elsewhere"), after.err());
    Run missing = run("--config", "nope.yaml", "score", "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, missing.code());
    assertTrue(missing.err().contains("no config file at nope.yaml (--config)"), missing.err());
  }

  @Test
  void theSignersPasswordIsNeverPrinted() throws Exception {
    Run k =
        run(
            "evidence",
            "keygen",
            "--key",
            dir.resolve("plain.key").toString(),
            "--cert",
            dir.resolve("signer.pem").toString());
    assertEquals(ExitCodes.OK, k.code(), k.err());
    SigningIdentity plain =
        SigningIdentity.load(dir.resolve("plain.key"), dir.resolve("signer.pem"));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(
          new JcaPKCS8Generator(
              plain.key(),
              new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                  .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                  .setPassword(SECRET.toCharArray())
                  .build()));
    }
    Files.writeString(dir.resolve("signer.key"), pem.toString());
    assertTrue(pem.toString().contains("ENCRYPTED PRIVATE KEY"));
    SigningIdentity decrypted =
        SigningIdentity.load(
            dir.resolve("signer.key"), dir.resolve("signer.pem"), SECRET.toCharArray());
    assertEquals(plain.key(), decrypted.key());
    write(
        "warehouse: wh\nevidence:\n  key: signer.key\n  cert: signer.pem\n  key-password: "
            + SECRET
            + "\n");
    Run check = run("config", "check", dir.resolve("fleetscore.yaml").toString());
    assertEquals(ExitCodes.OK, check.code(), check.err());
    assertTrue(check.out().contains("evidence.key-password = (secret, not shown)"), check.out());
    Run ev = run("evidence", "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, ev.code(), "no warehouse: " + ev.err());
    ParseResult p = parse("evidence", "--date", "2026-11-22");
    assertEquals(SECRET, new String((char[]) value(p, "--key-password")), "the file gives it");
    write("evidence:\n  key-password: [" + SECRET + "]\n  nope: " + SECRET + "\n");
    Run bad = run("evidence", "--date", "2026-11-22");
    assertEquals(ExitCodes.USAGE, bad.code());
    write(
        "evidence:\n  key: signer.key\n  cert: signer.pem\n  key-password: wrong-" + SECRET + "\n");
    Run wrong = run("evidence", "--date", "2026-11-22", "--warehouse", dir.toString());
    for (Run r : List.of(check, ev, bad, wrong)) {
      assertFalse((r.out() + r.err()).contains(SECRET), r.out() + r.err());
    }
    assertTrue(SigningIdentityAccess.isEncrypted(dir.resolve("signer.key")));
  }

  /** Reads the PEM type without the product's code. */
  static final class SigningIdentityAccess {
    static boolean isEncrypted(Path key) throws Exception {
      try (org.bouncycastle.openssl.PEMParser p =
          new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(key))) {
        return p.readObject() instanceof PKCS8EncryptedPrivateKeyInfo;
      }
    }
  }
}
