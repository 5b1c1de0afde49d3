package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convscope.core.conv.Volume;
import org.convscope.engine.Activations;
import org.convscope.io.Presets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The feature-map screen's single-image pass ({@link Dl4jEngine#forward} on the native-ops path, its ops on one
 * OpenMP thread, the outputs read through one scratch array) against the pass it replaced: the same network's
 * {@link NativeOpsNetwork#forwardAll} on the thread's own OpenMP threads, each output copied out as floats.
 */
class SingleImageForwardTest {

    private final Dl4jEngine engine = new Dl4jEngine(Dl4jEngine.Kernels.NATIVE_OPS);

    @Test
    void everyLayersOutputEqualsTheBatchPathsWithinOneInAHundredThousand() {
        Random rnd = new Random(21);
        for (String preset : List.of("tf-cifar-cnn", "lenet5", "seed003-small")) {
            var spec = Presets.find(preset).orElseThrow();
            Dl4jModel m = (Dl4jModel) engine.compile(spec, 7);
            INDArray p = m.network().params();
            Nd4j.getRandom().setSeed(3);
            p.assign(Nd4j.rand(DataType.FLOAT, p.shape()).subi(0.5)); // larger values than the initial weights
            for (int image = 0; image < 3; image++) {
                Volume x = image(spec.input().height(), spec.input().width(), spec.input().channels(), rnd);
                List<double[]> expected = new ArrayList<>();
                synchronized (m) {
                    for (INDArray out : m.nativeOps().forwardAll(Nd4jArrays.toNhwc(engine.preprocess(m, x)), false)) {
                        expected.add(Nd4jArrays.toDoubles(Nd4jArrays.floats(out)));
                    }
                }
                int threadsBefore = Dl4jRuntime.openMpThreads();
                Activations actual = engine.forward(m, x);
                assertEquals(threadsBefore, Dl4jRuntime.openMpThreads(), "the thread's OpenMP limit is restored");
                assertEquals(spec.layers().size(), actual.layers().size());
                double largest = 0;
                for (int i = 0; i < expected.size(); i++) {
                    double[] e = expected.get(i);
                    double[] a = actual.layers().get(i).output().values();
                    assertEquals(e.length, a.length, preset + " layer " + (i + 1));
                    for (int k = 0; k < e.length; k++) {
                        assertEquals(e[k], a[k], 1e-5 * Math.max(1, Math.abs(e[k])),
                                preset + " layer " + (i + 1) + " value " + k);
                        largest = Math.max(largest, Math.abs(e[k]));
                    }
                }
                // random weights in [-0.5, 0.5) drive the layers well away from zero: a comparison of zeros proves nothing
                assertEquals(true, largest > 0.5, preset + ": largest output " + largest);
            }
        }
    }

    @Test
    void oneThreadLimitsOnlyTheWorkAndRestoresTheLimit() {
        int before = Dl4jRuntime.openMpThreads();
        int inside = Dl4jRuntime.oneThread(Dl4jRuntime::openMpThreads);
        assertEquals(1, inside);
        assertEquals(before, Dl4jRuntime.openMpThreads());
        Dl4jModel m = (Dl4jModel) engine.compile(Presets.find("lenet5").orElseThrow(), 1);
        Volume x = image(m.spec().input().height(), m.spec().input().width(), m.spec().input().channels(), new Random(1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Dl4jRuntime.oneThread(() -> {
            engine.forward(m, x);
            throw new IllegalStateException("stop");
        }));
        assertEquals(before, Dl4jRuntime.openMpThreads(), "restored after an exception too");
    }

    private static Volume image(int h, int w, int c, Random rnd) {
        double[] v = new double[h * w * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble();
        }
        return new Volume(h, w, c, v);
    }
}
