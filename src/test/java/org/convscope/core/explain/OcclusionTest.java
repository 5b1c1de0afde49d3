package org.convscope.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convscope.core.conv.Volume;
import org.junit.jupiter.api.Test;

/** Positions, occluded copies and the pixel map, worked by hand on small images. */
class OcclusionTest {

    @Test
    void positionsCoverEveryPixelAndTheLastTouchesTheBorder() {
        Occlusion o = new Occlusion(10, 7, 4, 3);
        // rows: starts 0, 3, 6 (6 + 4 = 10); columns: 0, 3 (3 + 4 = 7)
        assertEquals(3, o.rows());
        assertEquals(2, o.columns());
        assertEquals(6, o.start(2, 10));
        assertEquals(3, o.start(1, 7));
        // stride 4 on 10: 0, 4, then 8 would overflow -> moved to 6
        Occlusion p = new Occlusion(10, 10, 4, 4);
        assertEquals(3, p.rows());
        assertEquals(6, p.start(2, 10));
        assertThrows(IllegalArgumentException.class, () -> new Occlusion(5, 5, 6, 1));
    }

    @Test
    void copiesAndTheMapByHand() {
        Volume img = new Volume(3, 3, 1, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Occlusion o = new Occlusion(3, 3, 2, 1); // 2 x 2 positions
        Volume second = o.occluded(img, 1, 0); // top-right patch: rows 0-1, columns 1-2
        assertEquals(1, second.get(0, 0, 0));
        assertEquals(0, second.get(0, 1, 0));
        assertEquals(0, second.get(1, 2, 0));
        assertEquals(7, second.get(2, 0, 0));
        assertEquals(2, img.get(0, 1, 0), "the original is untouched");
        // drops: base 0.9; positions (0,0) 0.5, (0,1) 0.9, (1,0) 0.9, (1,1) 0.7 -> drops 0.4, 0, 0, 0.2
        double[][] map = o.pixelMap(0.9, new double[] {0.5, 0.9, 0.9, 0.7});
        assertEquals(0.4, map[0][0], 1e-12, "only position (0,0) covers (0,0)");
        assertEquals((0.4 + 0 + 0 + 0.2) / 4, map[1][1], 1e-12, "all four cover the centre");
        assertEquals((0.4 + 0) / 2, map[0][1], 1e-12, "(0,0) and (0,1) cover (0,1)");
        assertEquals(0.2, map[2][2], 1e-12);
    }
}
