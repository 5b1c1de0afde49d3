package org.convscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.convscope.app.Engines;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.Volume;
import org.convscope.engine.Engine;
import org.convscope.imaging.Images;
import org.convscope.imaging.ModelInput;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numeric exports write every value so that it reads back bit for bit: {@link Num#exact} on random float and double
 * bit patterns (subnormals, huge and tiny values, JDK 17's awkward cases), and {@code featuremaps --values} against
 * the engine's own activations (written to four decimals before, which turned a 3e-5 activation into 0).
 */
class ExactValuesTest {

    @Test
    void everyFloatAndDoubleReadsBackToTheSameBits() {
        Random r = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) {
                continue;
            }
            String s = Num.exact(f);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(s)), s);
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d)) {
                continue;
            }
            String t = Num.exact(d);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(t)), t);
        }
        for (double d : new double[] {2e23, 1e23, 8.41e21, 5e-324, Double.MIN_NORMAL, Double.MAX_VALUE, -0.0, 0.1, 1.0 / 3}) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(Num.exact(d))), d + "");
        }
        for (float f : new float[] {1.4e-45f, Float.MIN_NORMAL, Float.MAX_VALUE, 2e23f, 1.0E-8f, 3.1e-5f, -0.1f}) {
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(Num.exact(f))), f + "");
        }
        // what people read: whole numbers plain, float32 values by their shortest digits, no rounding to 4 places
        assertEquals("6", Num.exact(6));
        assertEquals("-3", Num.exact(-3));
        assertEquals("-0", Num.exact(-0.0));
        assertEquals("0.1", Num.exact(0.1f));
        assertEquals("3.1E-5", Num.exact(3.1e-5f));
        assertEquals("0.3333333333333333", Num.exact(1.0 / 3));
    }

    @Test
    void featureMapValuesEqualTheEnginesActivationsBitForBit(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("map.csv");
        StringWriter err = new StringWriter();
        int code = ConvScopeCli.run(new String[] {"featuremaps", "--preset", "tf-cifar-cnn", "-i",
            "resources/samples/chelsea.png", "-l", "conv2d_1", "-o", dir.resolve("m.png").toString(), "--values",
            csv.toString(), "--map", "5"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());

        var spec = Presets.find("tf-cifar-cnn").orElseThrow();
        Engine engine = Engines.create();
        Volume input = ModelInput.prepare(Images.read(Path.of("resources/samples/chelsea.png"), Images.DEFAULT_MAX_PIXELS),
                spec.input());
        double[][] want = engine.forward(engine.compile(spec, 42), input).layer(3).output().channel(4);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(want.length, rows.size());
        for (int row = 0; row < want.length; row++) {
            String[] cells = rows.get(row).split(",");
            assertEquals(want[row].length, cells.length);
            for (int c = 0; c < cells.length; c++) {
                float got = Float.parseFloat(cells[c]);
                assertEquals(Float.floatToRawIntBits((float) want[row][c]), Float.floatToRawIntBits(got),
                        "row " + row + ", column " + c + ": " + cells[c] + " vs " + want[row][c]);
                assertEquals(want[row][c], (double) got, 0.0, "the activation is a float32: the text gives it back");
            }
        }
        assertTrue(rows.size() * rows.get(0).split(",").length > 100, "a whole map was compared");
    }
}
