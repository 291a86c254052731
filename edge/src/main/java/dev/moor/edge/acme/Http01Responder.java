package dev.moor.edge.acme;

import dev.moor.edge.filter.LocalAnswer;
import dev.moor.snapshot.AcmeChallenges;
import dev.moor.snapshot.SnapshotProblem;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers ACME's HTTP-01 challenges (RFC 8555, section 8.3) on the edge's plain-HTTP ports: {@code GET} or {@code
 * HEAD /.well-known/acme-challenge/TOKEN} for a token of the snapshot gets 200 with its key authorization, whatever
 * the Host, before routing and so before a redirect to HTTPS. Built per snapshot, only when it has a challenge:
 * the request path of an edge that validates nothing costs one null check.
 */
public final class Http01Responder {
    /** Where the CA asks. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    /** RFC 8555: a token is base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final List<LocalAnswer.Header> TEXT = List.of(
            new LocalAnswer.Header("content-type", "text/plain"),
            new LocalAnswer.Header("cache-control", "no-store"));

    private final Map<String, LocalAnswer> answers;
    private final int httpsPort;

    private Http01Responder(Map<String, LocalAnswer> answers, int httpsPort) {
        this.answers = Map.copyOf(answers);
        this.httpsPort = httpsPort;
    }

    /**
     * The responder of a snapshot's challenges, or null when it has none.
     *
     * @param httpsPort the snapshot's HTTPS port, where no challenge is answered; -1 without one
     * @param problems  receives the challenges that cannot be answered (a token that is not base64url)
     */
    public static Http01Responder of(List<AcmeChallenges.Http01> challenges, int httpsPort,
                                     List<SnapshotProblem> problems) {
        Map<String, LocalAnswer> answers = new HashMap<>();
        for (AcmeChallenges.Http01 challenge : challenges) {
            String token = challenge.token() == null ? "" : challenge.token();
            if (!TOKEN.matcher(token).matches() || challenge.keyAuthorization() == null) {
                problems.add(new SnapshotProblem("acme.http01." + token, "token or keyAuthorization: not a challenge"
                        + " (expected: a base64url token and its key authorization)"));
                continue;
            }
            answers.put(PATH_PREFIX + token, new LocalAnswer(200, TEXT,
                    challenge.keyAuthorization().getBytes(StandardCharsets.US_ASCII)));
        }
        return answers.isEmpty() ? null : new Http01Responder(answers, httpsPort);
    }

    /**
     * The answer to a request for {@code path} (without its query) that arrived on local {@code port}, or null when it
     * asks for no token of the snapshot: it is then routed as any other request.
     */
    public LocalAnswer answer(int port, HttpMethod method, String path) {
        if (port == httpsPort || !path.startsWith(PATH_PREFIX)
                || !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            return null;
        }
        return answers.get(path);
    }
}
