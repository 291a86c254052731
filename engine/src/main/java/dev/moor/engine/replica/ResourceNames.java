package dev.moor.engine.replica;

/** How Moor names the Docker objects of an app. */
public final class ResourceNames {
    private ResourceNames() {}

    /** The app's own bridge network; services find each other on it by service name. */
    public static String network(String app) {
        return "moor-" + app;
    }

    /** A named volume of the app. */
    public static String volume(String app, String volume) {
        return "moor-" + app + "-" + volume;
    }

    /** The tag of a service image built from its context; {@code contentDigest} makes it change with the content. */
    public static String builtImage(String app, String service, String contentDigest) {
        return "moor/" + app + "-" + service + ":" + contentDigest;
    }

    /** A replica container: readable, and unique thanks to the suffix. */
    public static String container(String app, String service, int slot, String uniqueSuffix) {
        return app + "-" + service + "-" + slot + "-" + uniqueSuffix;
    }
}
