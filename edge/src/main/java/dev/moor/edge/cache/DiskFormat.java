package dev.moor.edge.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of one URI's stored responses in the disk tier. The key comes first, so that indexing a directory at
 * start-up reads only the start of each file.
 * <pre>
 * int magic "MoHC", int format 2, string partition, scheme, host, target, int variants, per variant:
 *   int status, string reason, int fields, (string name, string value)*, long request time, long response time,
 *   long corrected initial age, int vary fields, (string name, boolean present, [string value])*, int body, body bytes
 * </pre>
 * Strings are an int length and UTF-8 bytes; times epoch milliseconds.
 */
final class DiskFormat {
    private static final int MAGIC = 0x4d6f4843;
    private static final int FORMAT = 2;
    /** No string of a response head comes near this; a larger length means a damaged file. */
    private static final int MAX_STRING = 1 << 20;

    private DiskFormat() {}

    static void write(VariantSet set, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        CacheKey key = set.key();
        string(out, key.partition());
        string(out, key.scheme());
        string(out, key.host());
        string(out, key.target());
        out.writeInt(set.variants().size());
        for (CachedResponse response : set.variants()) {
            out.writeInt(response.status());
            string(out, response.reason());
            out.writeInt(response.headers().size());
            for (Header header : response.headers()) {
                string(out, header.name());
                string(out, header.value());
            }
            out.writeLong(response.requestTime());
            out.writeLong(response.responseTime());
            out.writeLong(response.correctedInitialAge());
            out.writeInt(response.varyNames().size());
            for (int i = 0; i < response.varyNames().size(); i++) {
                string(out, response.varyNames().get(i));
                String value = response.varyValues().get(i);
                out.writeBoolean(value != null);
                if (value != null) {
                    string(out, value);
                }
            }
            byte[] body = response.bodyArray();
            out.writeInt(body.length);
            out.write(body);
        }
    }

    /** The key at the start of a file. */
    static CacheKey readKey(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a cache file of format " + FORMAT);
        }
        return new CacheKey(string(in), string(in), string(in), string(in));
    }

    /** A whole file of {@code fileSize} bytes; version 0, older than every set stored since the start. */
    static VariantSet read(DataInputStream in, long fileSize, long maxHeuristic) throws IOException {
        CacheKey key = readKey(in);
        int count = count(in, VariantSet.MAX_VARIANTS);
        List<CachedResponse> variants = new ArrayList<>(count);
        for (int v = 0; v < count; v++) {
            int status = in.readInt();
            String reason = string(in);
            int fieldCount = count(in, 10_000);
            List<Header> headers = new ArrayList<>(fieldCount);
            for (int i = 0; i < fieldCount; i++) {
                headers.add(new Header(string(in), string(in)));
            }
            long requestTime = in.readLong();
            long responseTime = in.readLong();
            long correctedInitialAge = in.readLong();
            int varyCount = count(in, 1_000);
            List<String> varyNames = new ArrayList<>(varyCount);
            List<String> varyValues = new ArrayList<>(varyCount);
            for (int i = 0; i < varyCount; i++) {
                varyNames.add(string(in));
                varyValues.add(in.readBoolean() ? string(in) : null);
            }
            byte[] body = new byte[count(in, (int) Math.min(fileSize, Integer.MAX_VALUE - 8))];
            in.readFully(body);
            variants.add(new CachedResponse(status, reason, headers, body, requestTime, responseTime,
                    correctedInitialAge, varyNames, varyValues, maxHeuristic));
        }
        return new VariantSet(key, key.id(), variants, 0);
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] bytes = new byte[count(in, MAX_STRING)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in, int max) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > max) {
            throw new IOException("a damaged cache file: a count of " + count);
        }
        return count;
    }
}
