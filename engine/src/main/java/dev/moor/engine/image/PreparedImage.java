package dev.moor.engine.image;

/**
 * The image a service runs, pinned when its revision is made: a rebuilt or re-pulled tag has another id, so it
 * makes another revision and replaces the replicas.
 *
 * @param reference what the spec names, or the tag Moor built ({@code moor/APP-SERVICE:DIGEST})
 * @param id        the engine's image id ({@code sha256:…}) the replicas are created from
 */
public record PreparedImage(String reference, String id) {
    /** {@code reference (sha256:0123456789ab)}, for people. */
    public String render() {
        String shortId = id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) : id;
        return reference + " (" + shortId + ")";
    }
}
