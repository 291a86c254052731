package dev.moor.edge.compression;

import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.ResponseHeaders;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/** A response head for the compression tests: Netty headers the test reads back, seen as a filter sees a head. */
record HeadersView(HttpHeaders headers) implements ResponseHeaders {
    static HeadersView of(HttpHeaders headers) {
        return new HeadersView(headers);
    }

    @Override
    public int status() {
        return 200;
    }

    @Override
    public void replace(int status, List<LocalAnswer.Header> lines) {
        throw new UnsupportedOperationException("the compression filter never replaces a response");
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
