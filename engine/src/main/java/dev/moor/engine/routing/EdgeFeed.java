package dev.moor.engine.routing;

import dev.moor.edge.EdgeSnapshot;
import dev.moor.edge.Route;
import dev.moor.engine.controller.AppStatus;
import dev.moor.spec.AppSpec;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns every change of what runs into a new {@link EdgeSnapshot} for the edge, and only a change: a status
 * that leads to the same routes and endpoints sends nothing.
 */
public final class EdgeFeed implements Consumer<AppStatus> {
    private final Supplier<AppSpec> spec;
    private final Consumer<EdgeSnapshot> edge;
    private EdgeSnapshot last;
    private long version;
    /**
     * The routes of {@link #routesOf}, built once per spec rather than on every status: the engine reports its
     * status every few seconds, and rebuilding and comparing 10,000 routes each time cost 15 ms of CPU and 6 MB.
     * The same list in both snapshots makes comparing the routes one identity check.
     */
    private List<Route> routes;
    private AppSpec routesOf;

    /**
     * @param spec the current spec (it changes with {@code moor scale}, routes do not)
     * @param edge receives each new snapshot, in order
     */
    public EdgeFeed(Supplier<AppSpec> spec, Consumer<EdgeSnapshot> edge) {
        this.spec = spec;
        this.edge = edge;
    }

    @Override
    public synchronized void accept(AppStatus status) {
        AppSpec current = spec.get();
        if (current != routesOf) {
            routes = EdgeSnapshots.routes(current);
            routesOf = current;
        }
        EdgeSnapshot next = EdgeSnapshots.of(version + 1, current, routes, status);
        if (last != null && EdgeSnapshots.sameContent(last, next)) {
            return;
        }
        version++;
        last = next;
        edge.accept(next);
    }

    /** The snapshot sent last, or null before the first. */
    public synchronized EdgeSnapshot last() {
        return last;
    }
}
