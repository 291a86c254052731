package dev.moor.spec;

/** Key paths as problems show them: {@code services.web.replicas}, {@code routes[1].path}. */
final class KeyPath {
    private KeyPath() {}

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
