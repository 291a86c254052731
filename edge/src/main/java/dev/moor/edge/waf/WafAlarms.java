package dev.moor.edge.waf;

/**
 * Where the edge's WAF alarms go (to the server, over the edge's channel). Called on event loops: it must not block.
 */
@FunctionalInterface
public interface WafAlarms {
    void raise(WafAlarm alarm);
}
