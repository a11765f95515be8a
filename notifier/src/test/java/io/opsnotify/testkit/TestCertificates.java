package io.opsnotify.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a server certificate signed by it, as the PEM files MariaDB loads
 * ({@code --ssl-ca}, {@code --ssl-cert}, {@code --ssl-key}). Made with the JDK alone: the JDK's
 * {@code keytool} creates the keys and signs the certificate (with the SAN), and the server's
 * private key is read back from its PKCS#12 store with {@link KeyStore} and written as PKCS#8 PEM
 * (keytool does not export private keys). No openssl needed.
 */
public final class TestCertificates {
    private static final String PASS = "test-store-pass";

    private final Path caPem;
    private final Path certPem;
    private final Path keyPem;

    private TestCertificates(Path caPem, Path certPem, Path keyPem) {
        this.caPem = caPem;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    /**
     * Creates, in {@code dir}, {@code ca.pem}, {@code server-cert.pem} (subject and only SAN:
     * DNS {@code serverName}, no IP SAN) and {@code server-key.pem}.
     */
    public static TestCertificates create(Path dir, String serverName) throws IOException {
        Files.createDirectories(dir);
        Path caStore = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path caPem = dir.resolve("ca.pem");
        Path certPem = dir.resolve("server-cert.pem");
        Path keyPem = dir.resolve("server-key.pem");
        for (Path p : List.of(caStore, serverStore, csr, caPem, certPem, keyPem)) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=opsnotify test CA", "-ext", "bc:c", "-startdate", "-1d", "-validity", "3",
                "-storetype", "PKCS12", "-keystore", caStore.toString(), "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=" + serverName, "-startdate", "-1d", "-validity", "3",
                "-storetype", "PKCS12", "-keystore", serverStore.toString(), "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", PASS,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS,
                "-infile", csr.toString(), "-outfile", certPem.toString(),
                "-ext", "SAN=dns:" + serverName, "-ext", "KU=digitalSignature,keyEncipherment",
                "-ext", "EKU=serverAuth", "-startdate", "-1d", "-validity", "3");
        try (InputStream in = Files.newInputStream(serverStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS.toCharArray());
            Key key = ks.getKey("server", PASS.toCharArray());
            if (!"PKCS#8".equals(key.getFormat())) {
                throw new IOException("unexpected private key format " + key.getFormat());
            }
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
            Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException("could not read the server key back: " + e.getMessage(), e);
        }
        return new TestCertificates(caPem, certPem, keyPem);
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    public Path caPem() {
        return caPem;
    }

    public Path certPem() {
        return certPem;
    }

    public Path keyPem() {
        return keyPem;
    }
}
