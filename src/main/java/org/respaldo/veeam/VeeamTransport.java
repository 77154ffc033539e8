package org.respaldo.veeam;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/**
 * HTTP to one Veeam server through camel-http: a dedicated {@link HttpComponent} (its own TLS trust,
 * timeouts and connection pool) and one endpoint on it that every request goes through, addressed by
 * the {@code CamelHttpUri} header. Camel-http's own retries and redirects are off: {@link VeeamApi}
 * decides what may be repeated. The component belongs to the Camel context (its type converters,
 * SSLContextParameters) but is started and stopped here, not registered for the context to stop:
 * the logout at shutdown must still find its connection pool open after Camel stopped its endpoints.
 */
final class VeeamTransport implements AutoCloseable {

    private final VeeamServerSettings settings;
    private final TrustMaterial trust;
    private final HttpComponent http;
    private final Endpoint endpoint;
    private final Producer producer;
    private final RequestCounters counters;
    private final String base;

    VeeamTransport(CamelContext context, VeeamServerSettings settings, TrustMaterial trust, RequestCounters counters) {
        this.settings = settings;
        this.trust = trust;
        this.counters = counters;
        this.base = "https://" + settings.address();

        http = new HttpComponent();
        http.setCamelContext(context);
        SSLContextParameters ssl = new SSLContextParameters();
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setTrustManager(trust.trustManager());
        ssl.setTrustManagers(tmp);
        http.setSslContextParameters(ssl);
        if (!trust.verifiesHostname()) {
            http.setX509HostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setConnectionRequestTimeout(settings.responseTimeout().toMillis());
        http.setResponseTimeout(settings.responseTimeout().toMillis());
        http.setSoTimeout(settings.responseTimeout().toMillis());
        http.setMaxTotalConnections(settings.maxConnections());
        http.setConnectionsPerRoute(settings.maxConnections());
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        http.setCookieManagementDisabled(true);
        http.setFollowRedirects(false);
        http.setUserAgent("Respaldo (Apache Camel)");
        try {
            ServiceHelper.startService(http);
            this.endpoint = http.createEndpoint(base + "?throwExceptionOnFailure=false");
            ServiceHelper.startService(endpoint);
            this.producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
        } catch (Exception e) {
            throw new VeeamException("cannot set up camel-http for Veeam server '" + settings.alias() + "': "
                    + e.getMessage(), e);
        }
    }

    RequestCounters counters() {
        return counters;
    }

    /**
     * Sends one request and returns whatever status came back.
     *
     * @param headers extra headers (Authorization, x-api-version); never logged
     * @throws TransportFailure when no response arrived
     * @throws VeeamTlsException when the server's certificate is not trusted
     */
    HttpResult send(HttpCall call, Map<String, String> headers) throws TransportFailure {
        String uri = base + call.path() + query(call.query());
        long start = System.nanoTime();
        Exchange ex = endpoint.createExchange();
        Message in = ex.getIn();
        in.setHeader(Exchange.HTTP_URI, uri);
        in.setHeader(Exchange.HTTP_METHOD, call.method());
        in.setHeader("Accept", "application/json");
        headers.forEach(in::setHeader);
        if (call.body() != null) {
            in.setHeader(Exchange.CONTENT_TYPE, call.contentType());
            in.setBody(call.body());
        }
        try {
            producer.process(ex);
        } catch (Exception e) {
            ex.setException(e);
        }
        long elapsed = System.nanoTime() - start;
        Exception failure = ex.getException();
        if (failure != null) {
            counters.record(call.label(), 0, elapsed);
            throw classify(call, failure);
        }
        Message out = ex.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        counters.record(call.label(), status == null ? 0 : status, elapsed);
        String body = out.getBody(String.class);
        return new HttpResult(status == null ? 0 : status, body == null ? "" : body,
                out.getHeader(Exchange.CONTENT_TYPE, String.class));
    }

    private TransportFailure classify(HttpCall call, Exception failure) {
        Throwable tls = find(failure, SSLHandshakeException.class);
        Throwable refused = find(failure, CertificateException.class);
        Throwable wrongName = find(failure, SSLPeerUnverifiedException.class);
        if ((tls != null && refused != null) || wrongName != null) {
            throw VeeamTlsErrors.untrusted(settings, trust, wrongName != null ? wrongName : tls);
        }
        boolean notSent = find(failure, ConnectException.class) != null
                || find(failure, HttpHostConnectException.class) != null
                || find(failure, ConnectTimeoutException.class) != null
                || find(failure, UnknownHostException.class) != null
                || find(failure, NoRouteToHostException.class) != null
                || (tls != null);
        String what = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (find(failure, SSLException.class) != null && tls == null) {
            what = "TLS error: " + what;
        }
        return new TransportFailure(call.label() + " to Veeam server '" + settings.alias() + "' ("
                + settings.address() + ") got no response: " + what, failure, notSent);
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static String query(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> j.add(encode(k) + "=" + encode(v)));
        return j.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String form(Map<String, String> fields) {
        StringJoiner j = new StringJoiner("&");
        fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownServices(producer, endpoint, http);
    }

    @Override
    public String toString() {
        return "VeeamTransport[" + settings.alias() + " " + base.toLowerCase(Locale.ROOT) + "]";
    }
}
