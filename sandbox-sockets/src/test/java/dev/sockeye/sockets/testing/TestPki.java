package dev.sockeye.sockets.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test CA and server certificates, generated in a temporary directory with the JDK's own {@code keytool} (no
 * library needed): a certificate issued by the CA for a name, one that expired, and a self-signed one.
 */
public final class TestPki {
    private static final String PASSWORD = "sockeye-test";
    private final Path directory;
    private final X509Certificate ca;
    /** Server contexts already made, by key store alias: the shared CA issues each certificate once. */
    private final Map<String, SSLContext> contexts = new HashMap<>();

    private TestPki(Path directory) {
        this.directory = directory;
        generateKeyPair("ca", "CN=Sockeye Test CA", "-ext", "bc:c", "-validity", "30");
        try {
            this.ca = (X509Certificate) load("ca").getCertificate("ca");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test CA", e);
        }
    }

    private static TestPki shared;

    /**
     * One CA for every test class of the run: keytool is a JVM start per step, so test classes share the CA and the
     * certificates it issued (each call below issues a new one).
     */
    public static synchronized TestPki shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /** A new CA in a new temporary directory. */
    public static TestPki create() {
        try {
            return new TestPki(Files.createTempDirectory("sockeye-pki"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's certificate, to trust. */
    public X509Certificate ca() {
        return ca;
    }

    /** The CA's certificate as a PEM file. */
    public Path caPem() {
        Path pem = directory.resolve("ca.pem");
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(ca.getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the test CA", e);
        }
    }

    /** A server context whose certificate the CA issued for {@code dnsName}, valid from yesterday for 30 days. */
    public synchronized SSLContext issued(String dnsName) {
        return contexts.computeIfAbsent("server-" + dnsName, alias -> signed(alias, dnsName, "-1d", "30"));
    }

    /** A server context whose certificate the CA issued for {@code dnsName} and that expired two days ago. */
    public synchronized SSLContext expired(String dnsName) {
        return contexts.computeIfAbsent("expired-" + dnsName, alias -> signed(alias, dnsName, "-10d", "8"));
    }

    /** A server context with a self-signed certificate for {@code dnsName}, which no CA vouches for. */
    public synchronized SSLContext selfSigned(String dnsName) {
        return contexts.computeIfAbsent("self-" + dnsName, alias -> makeSelfSigned(alias, dnsName));
    }

    private SSLContext makeSelfSigned(String alias, String dnsName) {
        generateKeyPair(alias, "CN=" + dnsName, "-ext", "san=dns:" + dnsName, "-validity", "30");
        return serverContext(alias);
    }

    private SSLContext signed(String alias, String dnsName, String startDate, String validityDays) {
        generateKeyPair(alias, "CN=" + dnsName);
        keytool("-certreq", "-alias", "server", "-keystore", store(alias), "-file", file(alias + ".csr"));
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                store("ca"),
                "-infile",
                file(alias + ".csr"),
                "-outfile",
                file(alias + ".pem"),
                "-rfc",
                "-ext",
                "san=dns:" + dnsName,
                "-startdate",
                startDate,
                "-validity",
                validityDays);
        // The issued certificate replaces the self-signed one in Java: fewer keytool runs, each a JVM start.
        KeyStore keys = load(alias);
        try {
            var key = keys.getKey("server", PASSWORD.toCharArray());
            keys.setKeyEntry("server", key, PASSWORD.toCharArray(), new Certificate[] {
                readCertificate(directory.resolve(alias + ".pem")), ca
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot assemble test key store " + alias, e);
        }
        return serverContext(keys);
    }

    private SSLContext serverContext(String alias) {
        return serverContext(load(alias));
    }

    private KeyStore load(String alias) {
        try (InputStream in = Files.newInputStream(directory.resolve(alias + ".p12"))) {
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load test key store " + alias, e);
        }
    }

    private static SSLContext serverContext(KeyStore keys) {
        try {
            var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD.toCharArray());
            var context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a test server context", e);
        }
    }

    private String store(String alias) {
        return file(alias + ".p12");
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    private static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    /** A key pair with a self-signed certificate, alias "ca" in the CA's store and "server" in the others. */
    private void generateKeyPair(String storeAlias, String subject, String... options) {
        var arguments = new ArrayList<String>(List.of(
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                subject,
                "-keystore",
                store(storeAlias),
                "-alias",
                storeAlias.equals("ca") ? "ca" : "server"));
        arguments.addAll(List.of(options));
        keytool(arguments.toArray(String[]::new));
    }

    private static void keytool(String... arguments) {
        var command = new ArrayList<String>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
