package io.opsnotify.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The function's deployment package: {@code lib/opsnotify-notifier.jar} (bundled in the CLI jar)
 * and {@code opsnotify.yaml} at the root, where the Lambda Java runtime puts it on the classpath.
 *
 * <p>Byte-for-byte reproducible (fixed entry order and timestamps), so its SHA-256 equals the
 * deployed function's CodeSha256 exactly when nothing changed, and deploy can say "unchanged"
 * without uploading.
 */
public final class DeploymentPackage {
    public static final String NOTIFIER_JAR_RESOURCE = "/lambda/opsnotify-notifier.jar";
    /** 2000-01-01T00:00:00Z: any fixed DOS-representable time would do. */
    static final long FIXED_TIME = 946_684_800_000L;

    private final byte[] zip;
    private final String sha256;

    private DeploymentPackage(byte[] zip) {
        this.zip = zip;
        this.sha256 = sha256Base64(zip);
    }

    public static DeploymentPackage build(String configText) {
        byte[] jar;
        try (InputStream in = DeploymentPackage.class.getResourceAsStream(NOTIFIER_JAR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the notifier jar is not bundled in this opsnotify build ("
                        + NOTIFIER_JAR_RESOURCE + "); build with mvn package");
            }
            jar = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build(jar, configText);
    }

    static DeploymentPackage build(byte[] notifierJar, String configText) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(notifierJar.length + 16_384);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            add(zip, "opsnotify.yaml", configText.getBytes(StandardCharsets.UTF_8));
            add(zip, "lib/", null);
            add(zip, "lib/opsnotify-notifier.jar", notifierJar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeploymentPackage(bytes.toByteArray());
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        if (content != null) {
            zip.write(content);
        }
        zip.closeEntry();
    }

    public byte[] zip() {
        return zip.clone();
    }

    /** Base64 of the SHA-256, the form Lambda reports as CodeSha256. */
    public String sha256() {
        return sha256;
    }

    public int size() {
        return zip.length;
    }

    static String sha256Base64(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
