package dev.moor.spec;

/**
 * What the rest of a spec needs to know about a service as written: whether routes and probes have a port to reach
 * it on, or whether it runs outside Moor.
 */
enum ServiceKind {
    WITH_PORT,
    WITHOUT_PORT,
    EXTERNAL;

    /** The kind of a {@code services} entry, from its keys alone (it may have mistakes of its own). */
    static ServiceKind of(YamlNode service) {
        if (!(service instanceof YamlNode.Mapping mapping)) {
            return WITHOUT_PORT;
        }
        if (mapping.entry(ExternalServiceSpecReader.EXTERNAL).isPresent()) {
            return EXTERNAL;
        }
        return mapping.entry("port").isPresent() ? WITH_PORT : WITHOUT_PORT;
    }
}
