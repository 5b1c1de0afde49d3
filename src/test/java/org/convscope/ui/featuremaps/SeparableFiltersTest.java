package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.convscope.app.WeightsVersion;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.imaging.ColorMaps;
import org.convscope.imaging.FilterTiles;
import org.convscope.imaging.TileRenderer;
import org.convscope.io.KerasH5;
import org.junit.jupiter.api.Test;

/**
 * A SeparableConv2D layer's filters on the Feature maps screen: its depthwise part, one {@code (3, 3, 1)} tile per
 * input channel, and its pointwise part as one matrix tile (inputs down, filters across), each equal to the
 * {@code depthwise_kernel (3, 3, 12, 1)} and {@code pointwise_kernel (1, 1, 12, 12)} stored in separable_mini.h5
 * (layer {@code sep1}), read from the file with {@link KerasH5}.
 */
class SeparableFiltersTest {

    private static final Path FILE = Path.of("src", "test", "resources", "keras", "separable_mini.h5");

    @Test
    void theTilesAreTheStoredDepthwiseAndPointwiseKernels() throws Exception {
        KerasH5.Contents contents = KerasH5.read(FILE);
        int sep = contents.imported().kerasNames().indexOf("sep1");
        List<KerasH5.Tensor> stored = contents.weights().get(sep); // depthwise, pointwise, bias
        float[] depthwise = stored.get(0).values();
        float[] pointwise = stored.get(1).values();
        assertEquals(List.of(3, 3, 12, 1), java.util.Arrays.stream(stored.get(0).shape()).boxed().toList());
        assertEquals(List.of(1, 1, 12, 12), java.util.Arrays.stream(stored.get(1).shape()).boxed().toList());
        Engine engine = new Dl4jEngine();
        CompiledModel model = engine.importKeras(FILE, contents).model();
        int layer = sep + 1;
        assertTrue(model.spec().layers().get(sep) instanceof LayerSpec.SeparableConv2D);
        assertTrue(LayerChoice.of(model.spec(), true).stream().anyMatch(c -> c.index() == layer),
                "the layer is offered in the Filters view");

        MapsRender.Result r = MapsRender.run(new MapsRender.Request(model.spec(), model, WeightsVersion.untrained(1),
                layer, 0, true, TileRenderer.Normalisation.PER_MAP, ColorMaps.GRAY, "chelsea.png", null),
                () -> engine, CancelToken.NEVER);
        assertEquals(12, r.rows().size(), "one depthwise tile row per input channel");
        for (int c = 0; c < 12; c++) {
            FilterTiles.Row row = r.rows().get(c);
            assertEquals(1, row.channels().size());
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 9; i++) {
                min = Math.min(min, depthwise[i * 12 + c]);
                max = Math.max(max, depthwise[i * 12 + c]);
            }
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    double w = depthwise[(y * 3 + x) * 12 + c]; // Keras (kh, kw, C, m=1), C order
                    assertEquals(w, row.filter().get(y, x, 0), 0.0, "channel " + c + " at " + y + "," + x);
                    int gray = (int) Math.round((w - min) / (max - min) * 255);
                    int pixel = row.channels().get(0)[(y * row.size()) * row.width() + x * row.size()];
                    assertEquals(gray, pixel & 0xff, "the tile's gray level, min-max over the kernel");
                }
            }
        }

        FilterTiles.Row pw = r.pointwise();
        assertNotNull(pw, "the pointwise part is shown");
        assertEquals(12, pw.filter().height(), "rows: the depthwise part's 12 outputs");
        assertEquals(12, pw.filter().width(), "columns: the 12 filters");
        assertEquals(MapsRender.POINTWISE_SIZE / 12, pw.size(), "16 px per weight");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : pointwise) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int c = 0; c < 12; c++) {
            for (int f = 0; f < 12; f++) {
                double w = pointwise[c * 12 + f]; // Keras (1, 1, C, F)
                assertEquals(w, pw.filter().get(c, f, 0), 0.0, "input " + c + ", filter " + f);
                int pixel = pw.channels().get(0)[(c * pw.size()) * pw.width() + f * pw.size()];
                assertEquals((int) Math.round((w - min) / (max - min) * 255), pixel & 0xff);
            }
        }
        Volume direct = model.pointwise(layer);
        assertEquals(pw.filter().get(3, 7, 0), direct.get(3, 7, 0), 0.0);
    }

    @Test
    void otherLayersHaveNoPointwisePart() throws Exception {
        KerasH5.Contents contents = KerasH5.read(FILE);
        int dw = contents.imported().kerasNames().indexOf("dw1");
        Engine engine = new Dl4jEngine();
        CompiledModel model = engine.importKeras(FILE, contents).model();
        MapsRender.Result r = MapsRender.run(new MapsRender.Request(model.spec(), model, WeightsVersion.untrained(1),
                dw + 1, 0, true, TileRenderer.Normalisation.PER_MAP, ColorMaps.GRAY, "chelsea.png", null),
                () -> engine, CancelToken.NEVER);
        assertNull(r.pointwise());
        assertEquals(16, r.rows().size(), "DepthwiseConv2D with multiplier 2 over 8 channels: 16 tiles");
        var e = assertThrows(IllegalArgumentException.class, () -> model.pointwise(dw + 1));
        assertTrue(e.getMessage().contains("DepthwiseConv2D"), e.getMessage());
    }
}
