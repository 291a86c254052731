package dev.moor.edge.tls;

import dev.moor.edge.filter.FilteredRequest;
import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.RequestFilter;
import dev.moor.edge.filter.Verdict;
import dev.moor.snapshot.HttpsRedirect;

import java.util.List;
import java.util.Locale;

/**
 * A plain-HTTP route's redirect to HTTPS, compiled from {@link HttpsRedirect}: a request filter that answers a request
 * for a host it covers with 308 (Permanent Redirect, which keeps the method and body) to the same path on the HTTPS
 * port. Requests for other hosts go on. Immutable, shared by the event loops.
 */
public final class RedirectToHttps implements RequestFilter {
    private static final int DEFAULT_HTTPS_PORT = 443;

    private final int port;
    /** {@code ""} for 443, else {@code ":PORT"}. */
    private final String portSuffix;
    private final String[] exact;
    /** The {@code .example.com} of each {@code *.example.com}. */
    private final String[] suffixes;

    private RedirectToHttps(int port, List<String> exact, List<String> suffixes) {
        this.port = port;
        this.portSuffix = port == DEFAULT_HTTPS_PORT ? "" : ":" + port;
        this.exact = exact.toArray(String[]::new);
        this.suffixes = suffixes.toArray(String[]::new);
    }

    public static RedirectToHttps of(HttpsRedirect redirect) {
        List<String> hosts = redirect.hosts().stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        return new RedirectToHttps(redirect.port(),
                hosts.stream().filter(host -> !host.startsWith("*.")).toList(),
                hosts.stream().filter(host -> host.startsWith("*.")).map(host -> host.substring(1)).toList());
    }

    @Override
    public Verdict filter(FilteredRequest request) {
        String host = request.host();
        if (!covers(host)) {
            return null;
        }
        String target = request.target();
        if (!target.startsWith("/")) {
            // An absolute target (http://host/path): its path and query.
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        return new LocalAnswer(308, List.of(new LocalAnswer.Header("location", location(host, target))), new byte[0]);
    }

    /** The HTTPS port requests are sent to. */
    public int port() {
        return port;
    }

    /** Whether a request with this Host header (its port and case aside) is redirected. */
    public boolean covers(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = withoutPort(hostHeader);
        for (String name : exact) {
            if (name.equalsIgnoreCase(host)) {
                return true;
            }
        }
        for (String suffix : suffixes) {
            if (host.length() > suffix.length()
                    && host.regionMatches(true, host.length() - suffix.length(), suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    /** Where a request for {@code hostHeader} and {@code requestTarget} ({@code /path?query}) goes: its HTTPS URL. */
    public String location(String hostHeader, String requestTarget) {
        return "https://" + withoutPort(hostHeader) + portSuffix + requestTarget;
    }

    private static String withoutPort(String hostHeader) {
        int colon = hostHeader.lastIndexOf(':');
        // An IPv6 literal's colons are inside its brackets.
        return colon < 0 || hostHeader.indexOf(']', colon) >= 0 ? hostHeader : hostHeader.substring(0, colon);
    }
}
