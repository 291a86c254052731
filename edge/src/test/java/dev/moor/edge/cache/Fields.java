package dev.moor.edge.cache;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Date;

/** Header fields and HTTP dates for tests. */
final class Fields {
    private Fields() {}

    static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    static String date(long epochMillis) {
        return DateFormatter.format(new Date(epochMillis));
    }
}
