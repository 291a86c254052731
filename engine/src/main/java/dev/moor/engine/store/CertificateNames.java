package dev.moor.engine.store;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The host names one certificate covers: lower case, sorted, each once, so that one set has one spelling. */
public record CertificateNames(List<String> names) {

    public CertificateNames {
        TreeSet<String> sorted = new TreeSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("names: " + names + " (expected: host names, none blank)");
            }
            sorted.add(name.strip().toLowerCase(Locale.ROOT));
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("names: [] (expected: at least one host name)");
        }
        names = List.copyOf(sorted);
    }

    public static CertificateNames of(Collection<String> names) {
        return new CertificateNames(List.copyOf(names));
    }

    public static CertificateNames of(String... names) {
        return new CertificateNames(List.of(names));
    }

    /** The first name, which messages use when a certificate has many. */
    public String first() {
        return names.getFirst();
    }

    /** How the store keys the set: the names joined by commas. */
    String key() {
        return String.join(",", names);
    }

    static CertificateNames fromKey(String key) {
        return new CertificateNames(List.of(key.split(",")));
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
