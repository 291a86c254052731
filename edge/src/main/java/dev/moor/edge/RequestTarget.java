package dev.moor.edge;

/**
 * The parts of a request target the edge routes by: the host when the target is in absolute form, the path
 * and the query.
 *
 * @param authority the authority of an absolute-form target ({@code http://host:port/...}), else null
 * @param path      the path without the query
 * @param query     the query with its leading '?', or "" when there is none
 */
record RequestTarget(String authority, String path, String query) {

    static RequestTarget parse(String target) {
        int authorityStart = authorityStart(target);
        String authority = null;
        int pathStart = 0;
        if (authorityStart > 0) {
            int end = authorityStart;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            authority = target.substring(authorityStart, end);
            pathStart = end;
        }
        int question = target.indexOf('?', pathStart);
        String path = question < 0 ? target.substring(pathStart) : target.substring(pathStart, question);
        String query = question < 0 ? "" : target.substring(question);
        return new RequestTarget(authority, path.isEmpty() ? "/" : path, query);
    }

    /** Where the authority starts in an absolute-form target ({@code http://} or {@code https://}), else -1. */
    static int authorityStart(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
    }
}
