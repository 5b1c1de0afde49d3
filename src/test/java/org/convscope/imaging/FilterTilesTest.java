package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.convscope.core.conv.Volume;
import org.junit.jupiter.api.Test;

class FilterTilesTest {

    @Test
    void normalisedOverTheWholeFilterWithAnRgbComposite() {
        // 1x1 filter, 3 channels: R = -1 (min), G = 0, B = 3 (max) -> 0, 64, 255
        Volume f = new Volume(1, 1, 3, new double[] {-1, 0, 3});
        List<FilterTiles.Row> rows = FilterTiles.render(new Volume[] {f, f}, 1, 5, 4);
        assertEquals(1, rows.size());
        FilterTiles.Row r = rows.get(0);
        assertEquals(1, r.index());
        assertEquals(4, r.width(), "1 weight enlarged to 4 px");
        assertEquals(0xff000000, r.channels().get(0)[0]);
        assertEquals(0xff404040, r.channels().get(1)[15], "(0 - -1) / 4 * 255 = 63.75 -> 64");
        assertEquals(0xffffffff, r.channels().get(2)[0]);
        assertEquals(0xff0040ff, r.rgb()[0]);
        assertEquals(-1, r.min());
        assertNull(FilterTiles.render(new Volume[] {new Volume(1, 1, 2, new double[] {1, 2})}, 0, 1, 1).get(0).rgb());
    }
}
