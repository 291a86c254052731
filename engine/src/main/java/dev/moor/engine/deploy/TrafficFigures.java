package dev.moor.engine.deploy;

import java.time.Instant;

/** The edge's figures per cluster over time, as the server received them. */
public interface TrafficFigures {
    /** No edge reports figures: nothing is ever judged. */
    TrafficFigures NONE = (cluster, from) -> WindowFigures.NONE;

    /** What the edge measured of {@code cluster} from {@code from} (as near as its reports allow) until now. */
    WindowFigures since(String cluster, Instant from);
}
