package org.convscope.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.convscope.core.conv.Volume;
import org.junit.jupiter.api.Test;

class TileRendererTest {

    // 2x2 activation with 3 channels: ch0 = 0,1,2,3; ch1 = 10,10,10,10; ch2 = -4,0,0,4
    private static final Volume ACT = new Volume(2, 2, 3, new double[] {0, 10, -4, 1, 10, 0, 2, 10, 0, 3, 10, 4});

    @Test
    void perMapMinMaxToGrayEnlargedNearestNeighbour() {
        List<FeatureTile> tiles = TileRenderer.render(ACT, 0, 64, TileRenderer.Normalisation.PER_MAP, ColorMaps.GRAY, 8);
        assertEquals(3, tiles.size());
        FeatureTile t = tiles.get(0);
        assertEquals(8, t.width(), "2 pixels enlarged 4x");
        assertEquals(0xff000000, t.argb()[0], "min -> black");
        assertEquals(0xffffffff, t.argb()[8 * 8 - 1], "max -> white");
        assertEquals(ColorMaps.GRAY.argb(1 / 3.0), t.argb()[4], "value 1 of 0..3, enlarged cell (0, 1)");
        assertEquals(1.5, t.mean(), 1e-12);
        assertEquals(0xff000000, tiles.get(1).argb()[0], "a constant map has no range: drawn at the low end");
    }

    @Test
    void perLayerUsesOneScaleAndDivergingCentresOnZero() {
        List<FeatureTile> tiles = TileRenderer.render(ACT, 0, 64, TileRenderer.Normalisation.PER_LAYER, ColorMaps.GRAY, 2);
        // Layer range -4..10: value 10 is white, value 3 is (3+4)/14 = 0.5
        assertEquals(0xffffffff, tiles.get(1).argb()[0]);
        assertEquals(ColorMaps.GRAY.argb(0.5), tiles.get(0).argb()[3]);
        List<FeatureTile> signed = TileRenderer.render(ACT, 2, 1, TileRenderer.Normalisation.PER_MAP, ColorMaps.DIVERGING, 2);
        assertEquals(1, signed.size());
        assertEquals(2, signed.get(0).channel());
        assertEquals(ColorMaps.DIVERGING.argb(0.5), signed.get(0).argb()[1], "0 is the middle colour");
        assertEquals(ColorMaps.DIVERGING.argb(0), signed.get(0).argb()[0], "-4 of max |4| is the blue end");
    }

    @Test
    void pagingTakesTheRequestedChannels() {
        assertEquals(List.of(1, 2), TileRenderer.render(ACT, 1, 64, TileRenderer.Normalisation.PER_MAP,
                ColorMaps.GRAY, 2).stream().map(FeatureTile::channel).toList());
    }

    @Test
    void aWideMapIsEnlargedCellByCell() {
        // one channel, 2 rows x 3 columns: 0 1 2 / 3 4 5, per map 0..5; target 9 px -> 3x enlargement, 9x6 tile
        Volume wide = new Volume(2, 3, 1, new double[] {0, 1, 2, 3, 4, 5});
        FeatureTile t = TileRenderer.render(wide, 0, 1, TileRenderer.Normalisation.PER_MAP, ColorMaps.VIRIDIS, 9).get(0);
        assertEquals(9, t.width());
        assertEquals(6, t.height());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                int value = (y / 3) * 3 + x / 3;
                assertEquals(ColorMaps.VIRIDIS.argb(value / 5.0), t.argb()[y * 9 + x], "pixel (" + y + ", " + x + ")");
            }
        }
    }
}
