package dev.moor.edge.compression;

import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.ResponseHeaders;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/** A response head for the compression tests: Netty headers the test reads back, seen as a filter sees a head. */
final class HeadersView implements ResponseHeaders {
    private final HttpHeaders headers;
    private int status = 200;

    private HeadersView(HttpHeaders headers) {
        this.headers = headers;
    }

    static HeadersView of(HttpHeaders headers) {
        return new HeadersView(headers);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void replace(int status, List<LocalAnswer.Header> lines) {
        this.status = status;
        headers.clear();
        lines.forEach(line -> headers.add(line.name(), line.value()));
    }

    @Override
    public String get(CharSequence name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        return headers.getAll(name);
    }

    @Override
    public boolean contains(CharSequence name) {
        return headers.contains(name);
    }

    @Override
    public void forEach(java.util.function.BiConsumer<String, String> line) {
        headers.forEach(entry -> line.accept(entry.getKey(), entry.getValue()));
    }

    @Override
    public void remove(CharSequence name) {
        headers.remove(name);
    }

    @Override
    public void add(CharSequence name, CharSequence value) {
        headers.add(name, value);
    }
}
