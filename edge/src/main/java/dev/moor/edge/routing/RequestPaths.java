package dev.moor.edge.routing;

/**
 * Which request paths can be routed. Paths are matched raw (percent-encoding is not decoded), but a {@code ..}
 * segment, literal or percent-encoded ({@code %2e%2e}, {@code .%2E}), never matches: an upstream that
 * normalises it would serve a path outside the prefix the route granted.
 */
final class RequestPaths {
    private RequestPaths() {}

    /** Whether the path starts with '/' and has no dot-dot segment. */
    static boolean routable(String path) {
        return !path.isEmpty() && path.charAt(0) == '/' && !hasDotDotSegment(path);
    }

    static boolean hasDotDotSegment(String path) {
        int length = path.length();
        int segmentStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || path.charAt(i) == '/') {
                if (isDotDot(path, segmentStart, i)) {
                    return true;
                }
                segmentStart = i + 1;
            }
        }
        return false;
    }

    private static boolean isDotDot(String path, int from, int to) {
        if (to - from < 2 || to - from > 6) {
            return false;
        }
        int dots = 0;
        int i = from;
        while (i < to) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (isEncodedDot(path, i, to)) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 2;
    }

    private static boolean isEncodedDot(String path, int at, int to) {
        return at + 3 <= to && path.charAt(at) == '%' && path.charAt(at + 1) == '2'
                && (path.charAt(at + 2) | 0x20) == 'e';
    }
}
