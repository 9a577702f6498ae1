package io.jobtail.transport.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.jobtail.api.Names;
import io.jobtail.transport.http.TokenAuthenticator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Establishes who sent a request, from its credential alone: a bearer token, or a client
 * certificate the TLS handshake verified against the server's trust store.
 *
 * <p>When both are presented they must name the same principal, so one stolen credential cannot
 * be combined with another identity. Immutable and thread-safe.
 */
public final class PeerAuthentication {
    private static final String BEARER = "Bearer ";

    private final TokenAuthenticator tokens;
    private final boolean clientCertificates;

    /**
     * @param tokens checks bearer tokens, or null to accept none
     * @param clientCertificates whether a verified client certificate's CN authenticates
     */
    public PeerAuthentication(TokenAuthenticator tokens, boolean clientCertificates) {
        this.tokens = tokens;
        this.clientCertificates = clientCertificates;
    }

    /** The outcome: a principal, or why there is none (fit for a 401 body). */
    public record Result(String principal, String failure) {
        static Result of(String principal) {
            return new Result(principal, null);
        }

        static Result refused(String failure) {
            return new Result(null, failure);
        }

        public boolean ok() {
            return principal != null;
        }
    }

    public Result authenticate(HttpExchange exchange) {
        String certName = null;
        if (clientCertificates && exchange instanceof HttpsExchange) {
            Result fromCert = fromCertificate(((HttpsExchange) exchange).getSSLSession());
            if (fromCert != null && !fromCert.ok()) {
                return fromCert;
            }
            certName = fromCert == null ? null : fromCert.principal();
        }

        List<String> authorization = exchange.getRequestHeaders().get("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            return certName != null ? Result.of(certName) : Result.refused(missing());
        }
        if (authorization.size() > 1) {
            return Result.refused("Authorization header given " + authorization.size() + " times");
        }
        String value = authorization.get(0);
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Result.refused("Authorization must be \"Bearer <token>\"");
        }
        if (tokens == null) {
            return Result.refused("this server does not accept tokens; present a client certificate");
        }
        Optional<String> tokenName = tokens.authenticate(value.substring(BEARER.length()).strip());
        if (tokenName.isEmpty()) {
            // Never echo the token: the body may end up in a log.
            return Result.refused("the bearer token is not valid for this server");
        }
        if (certName != null && !certName.equals(tokenName.get())) {
            return Result.refused("the client certificate (" + certName + ") and the bearer token ("
                    + tokenName.get() + ") name different sites");
        }
        return Result.of(tokenName.get());
    }

    private String missing() {
        if (tokens == null) {
            return "no credentials: present a client certificate";
        }
        return clientCertificates
                ? "no credentials: send \"Authorization: Bearer <token>\" or present a client certificate"
                : "no credentials: send \"Authorization: Bearer <token>\"";
    }

    /** Null when no certificate was presented. */
    private static Result fromCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return null;
        }
        String subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        String cn = commonName(subject);
        if (cn == null) {
            return Result.refused("the client certificate's subject " + Names.quote(subject)
                    + " does not have exactly one CN");
        }
        String problem = Names.problem(cn);
        if (problem != null) {
            return Result.refused("the client certificate's CN " + Names.quote(cn) + " is not allowed as a site name: "
                    + problem);
        }
        return Result.of(cn);
    }

    /** The subject's one CN, or null when there is none or more than one. */
    static String commonName(String rfc2253Subject) {
        String cn = null;
        try {
            for (Rdn rdn : new LdapName(rfc2253Subject).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    if (cn != null || !(rdn.getValue() instanceof String)) {
                        return null;
                    }
                    cn = (String) rdn.getValue();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return cn;
    }
}
