package dev.sockeye.sockets.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What host TLS trusts: the JDK's trust store plus the operator's extra CAs, in one JDK TLS client context shared by
 * every guest connection of a sandbox. Each engine verifies the server's chain and its name (HTTPS endpoint
 * identification, against the SNI name), and a failed verification names what failed ({@link RejectedCertificate}).
 * Thread-safe.
 */
public final class HostTrust {
    private final SSLContext context;
    private final int extraCertificates;

    private HostTrust(SSLContext context, int extraCertificates) {
        this.context = context;
        this.extraCertificates = extraCertificates;
    }

    /** Trusts the JDK's CAs and {@code extraCas}. */
    public static HostTrust of(Collection<X509Certificate> extraCas) {
        try {
            var anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            var all = new ArrayList<X509Certificate>(List.of(jdkTrustManager().getAcceptedIssuers()));
            all.addAll(extraCas);
            for (int i = 0; i < all.size(); i++) {
                anchors.setCertificateEntry("ca-" + i, all.get(i));
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            X509ExtendedTrustManager verifying = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    verifying = extended;
                }
            }
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new NamingTrustManager(verifying)}, null);
            return new HostTrust(context, extraCas.size());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up host TLS trust: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /** How many CAs beyond the JDK's are trusted. */
    public int extraCertificates() {
        return extraCertificates;
    }

    /**
     * A client engine for one connection: sends {@code serverName} as SNI, verifies the certificate against it, and
     * offers {@code alpn} (none if empty).
     */
    public SSLEngine newEngine(String serverName, int port, List<String> alpn) {
        SSLEngine engine = context.createSSLEngine(serverName, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        if (!alpn.isEmpty()) {
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Delegates to the PKIX trust manager and turns its refusals into {@link RejectedCertificate}s. */
    private static final class NamingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        NamingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException refused) {
                throw RejectedCertificate.of(chain, engine, refused);
            }
        }

        // Host TLS is a client on engines only: every other check refuses.
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw notOnEngine();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw notOnEngine();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw notOnEngine();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw notOnEngine();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw notOnEngine();
        }

        private static CertificateException notOnEngine() {
            return new CertificateException("host TLS verifies servers on client engines only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
