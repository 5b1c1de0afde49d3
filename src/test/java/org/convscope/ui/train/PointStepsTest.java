package org.convscope.ui.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link PointSteps}: arrow keys go to the nearest point in the key's 90-degree cone, worked out by hand. */
class PointStepsTest {

    /** A plus around the origin, one point further right and a little up, and a twin of the origin. */
    static final double[][] POINTS = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, 0.5}, {0, 0}};

    @Test
    void eachArrowGoesToTheNearestPointInItsCone() {
        assertEquals(1, PointSteps.step(POINTS, 0, 1, 0), "right of the origin: (1,0) scores 1, (2,0.5) 2 + 1 = 3");
        assertEquals(2, PointSteps.step(POINTS, 0, -1, 0));
        assertEquals(3, PointSteps.step(POINTS, 0, 0, 1), "up is +y in data");
        assertEquals(4, PointSteps.step(POINTS, 0, 0, -1));
        assertEquals(5, PointSteps.step(POINTS, 1, 1, 0));
        // left of (2,0.5): (1,0) is along 1, across 0.5: 2; (0,0) and (0,1) along 2, across 0.5: 3
        assertEquals(1, PointSteps.step(POINTS, 5, -1, 0));
        // up from (1,0): (0,1) lies on the cone's edge (along 1 = across 1) and scores 3; (2,0.5) is outside
        assertEquals(3, PointSteps.step(POINTS, 1, 0, 1));
    }

    @Test
    void noPointThatWayKeepsThePlaceAndTwinsAreNoStep() {
        assertEquals(5, PointSteps.step(POINTS, 5, 1, 0), "nothing right of the rightmost point");
        assertEquals(3, PointSteps.step(POINTS, 3, 0, 1), "nothing above the top");
        assertEquals(1, PointSteps.step(POINTS, 6, 1, 0), "the origin's twin steps on, never to the origin");
        assertEquals(-1, PointSteps.step(POINTS, -1, 1, 0));
    }

    @Test
    void theFirstKeyStartsNearTheMiddle() {
        // the bounding box is x -1..2, y -1..1: its centre (0.5, 0) is 0.5 from (0,0) and (1,0); the first one wins
        assertEquals(0, PointSteps.start(POINTS));
        assertEquals(1, PointSteps.start(new double[][] {{0, 0}, {5, 5}, {10, 10.5}}));
        assertEquals(-1, PointSteps.start(new double[0][]));
    }
}
