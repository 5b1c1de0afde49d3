package org.convscope.ui.canvas;

import java.util.List;
import org.convscope.app.GraphLayout;

/**
 * Where a layer dropped on a graph goes: on the connection nearest the pointer (between its source and its target)
 * or after the block under it. Worked out from the layout alone, so the canvas shows the same place while dragging
 * as the drop then uses.
 *
 * @param edge true for a connection, false for a block
 * @param from the connection's source block, or the block to insert after (0 the input, i the i-th layer)
 * @param to the connection's target block; {@code -1} for a block
 * @param index the connection's index in {@link GraphLayout.Result#edges()}, or the block's; for the indicator
 */
record GraphDrop(boolean edge, int from, int to, int index) {

    /**
     * Returns the drop target nearest a point of the drawing: a block when the point is inside one (or nearer a
     * block than any connection), else the connection whose route or shape label is nearest. Null for an empty
     * layout.
     *
     * @param r the layout
     * @param labels the size of each connection's shape label, in edge order (may be shorter: then only routes count)
     * @param x the point, in the drawing's coordinates
     * @param y the point
     * @return the target, or null
     */
    static GraphDrop at(GraphLayout.Result r, List<GraphLayout.Size> labels, double x, double y) {
        GraphDrop best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (GraphLayout.Node n : r.nodes()) {
            double d = toBox(x, y, n.x(), n.y(), n.width(), n.height());
            if (d < bestDistance) {
                bestDistance = d;
                best = new GraphDrop(false, n.index(), -1, n.index());
            }
        }
        for (int k = 0; k < r.edges().size(); k++) {
            GraphLayout.Edge e = r.edges().get(k);
            double d = Double.POSITIVE_INFINITY;
            for (int p = 1; p < e.points().size(); p++) {
                d = Math.min(d, toSegment(x, y, e.points().get(p - 1), e.points().get(p)));
            }
            if (k < labels.size()) {
                d = Math.min(d, toBox(x, y, e.label().x(), e.label().y(), labels.get(k).width(),
                        labels.get(k).height()));
            }
            if (d < bestDistance) { // a block the point is inside (distance 0) wins over a route touching it
                bestDistance = d;
                best = new GraphDrop(true, e.from(), e.to(), k);
            }
        }
        return best;
    }

    /** Inserts a new layer of a palette type here: on the connection, or after the block. */
    void insert(BuildViewModel vm, String type) {
        if (edge) {
            vm.insertOnEdge(type, from, to);
        } else {
            vm.insertAfter(type, from);
        }
    }

    /** Distance from a point to a rectangle, 0 inside. */
    static double toBox(double x, double y, double left, double top, double width, double height) {
        double dx = Math.max(0, Math.max(left - x, x - (left + width)));
        double dy = Math.max(0, Math.max(top - y, y - (top + height)));
        return Math.hypot(dx, dy);
    }

    /** Distance from a point to the segment a-b. */
    static double toSegment(double x, double y, GraphLayout.Point a, GraphLayout.Point b) {
        double vx = b.x() - a.x();
        double vy = b.y() - a.y();
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x()) * vx + (y - a.y()) * vy) / len2));
        return Math.hypot(x - (a.x() + t * vx), y - (a.y() + t * vy));
    }
}
