package dev.moor.server.https;

import java.util.List;

/** An app's certificate cannot be served: each reason names the key of its file, the file and what is wrong. */
public final class InvalidCertificateException extends RuntimeException {
    private final List<String> reasons;

    public InvalidCertificateException(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
