package org.convscope.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convscope.app.GraphLayout;
import org.junit.jupiter.api.Test;

/** Where a layer dropped on a graph goes, from a hand-made layout: a residual block drawn top to bottom. */
class GraphDropTest {

    /** Input (block 0) above block 1 above block 2; a skip from the input to block 2 runs at x = 150, right of them. */
    private static final GraphLayout.Result LAYOUT = new GraphLayout.Result(
            List.of(new GraphLayout.Node(0, 0, 0, 100, 40), new GraphLayout.Node(1, 0, 100, 100, 40),
                    new GraphLayout.Node(2, 0, 200, 100, 40)),
            List.of(new GraphLayout.Edge(0, 1, List.of(p(50, 40), p(50, 100)), p(55, 60)),
                    new GraphLayout.Edge(1, 2, List.of(p(50, 140), p(50, 200)), p(55, 160)),
                    new GraphLayout.Edge(0, 2, List.of(p(100, 20), p(150, 20), p(150, 220), p(100, 220)),
                            p(155, 120))),
            200, 240);
    private static final List<GraphLayout.Size> LABELS = List.of(new GraphLayout.Size(40, 12),
            new GraphLayout.Size(40, 12), new GraphLayout.Size(40, 12));

    private static GraphLayout.Point p(double x, double y) {
        return new GraphLayout.Point(x, y);
    }

    @Test
    void aPointOnARouteOrItsLabelIsThatConnection() {
        assertEquals(new GraphDrop(true, 0, 1, 0), GraphDrop.at(LAYOUT, LABELS, 47, 70), "3 px left of 0 -> 1");
        assertEquals(new GraphDrop(true, 1, 2, 1), GraphDrop.at(LAYOUT, LABELS, 90, 166), "on 1 -> 2's label");
        assertEquals(new GraphDrop(true, 0, 2, 2), GraphDrop.at(LAYOUT, LABELS, 147, 125), "beside the skip");
        assertEquals(new GraphDrop(true, 0, 2, 2), GraphDrop.at(LAYOUT, LABELS, 125, 230),
                "10 px under the skip's last leg, 25 px right of block 2");
    }

    @Test
    void aPointInsideABlockIsThatBlockEvenWhereARouteTouchesIt() {
        assertEquals(new GraphDrop(false, 1, -1, 1), GraphDrop.at(LAYOUT, LABELS, 50, 101), "route ends at y = 100");
        assertEquals(new GraphDrop(false, 2, -1, 2), GraphDrop.at(LAYOUT, LABELS, 99, 221), "the skip ends at its side");
        assertEquals(new GraphDrop(false, 0, -1, 0), GraphDrop.at(LAYOUT, LABELS, 10, 10));
    }

    @Test
    void distancesAreEuclidean() {
        assertEquals(5, GraphDrop.toBox(103, 44, 0, 0, 100, 40), 1e-12, "3-4-5 from the corner");
        assertEquals(0, GraphDrop.toBox(50, 20, 0, 0, 100, 40), 1e-12);
        assertEquals(5, GraphDrop.toSegment(3, -4, p(0, 0), p(0, 10)), 1e-12, "past the segment's end");
        assertEquals(2, GraphDrop.toSegment(2, 5, p(0, 0), p(0, 10)), 1e-12);
    }
}
