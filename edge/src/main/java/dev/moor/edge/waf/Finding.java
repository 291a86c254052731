package dev.moor.edge.waf;

/**
 * What the {@link AttackInspector} found in a request.
 *
 * @param family  {@code sqli} or {@code xss}
 * @param where   where the value came from: {@code path}, {@code query q}, {@code query-name q}, {@code cookie
 *                session}, {@code header User-Agent}, {@code body form name}, {@code body json $.user.name},
 *                {@code body multipart file (filename)}, {@code body}…
 * @param rule    the rule that matched, with the fingerprint for SQL injection (e.g. {@code quote-boolean s&1=1})
 * @param excerpt the start of the value that matched (after decoding), at most 80 characters, control and
 *                invisible characters written as {@code \xNN} or {@code \\uNNNN}: safe to log on one line
 */
public record Finding(String family, String where, String rule, String excerpt) {}
