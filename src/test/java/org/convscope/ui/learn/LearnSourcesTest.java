package org.convscope.ui.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.app.Session;
import org.convscope.app.TrainedWeights;
import org.convscope.app.WeightsVersion;
import org.convscope.core.backprop.BackwardPass;
import org.convscope.core.backprop.Forward;
import org.convscope.core.backprop.TinyCnn;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.dl4j.Dl4jEngine;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.convscope.ui.common.ModelSession;
import org.junit.jupiter.api.Test;

/**
 * The Learn set-up's choices from the rest of the app: a CIFAR-10 training image with its label, and the first
 * Conv2D layer of the session's model with its current weights (one kernel followed).
 */
class LearnSourcesTest {

    @Test
    void aTrainingImageComesWithItsLabel() throws Exception {
        LearnViewModel vm = new LearnViewModel(new CurrentThreadTaskExecutor());
        assertTrue(vm.sourceChoices().contains("Training image: cat"), vm.sourceChoices().toString());
        vm.chooseSource("Training image: cat");
        assertEquals("", vm.errorProperty().get());

        CifarImages sample = CifarReader.readBundledSample(CancelToken.NEVER, ProgressSink.NONE).train();
        int i = vm.trainingIndex();
        assertEquals(3, sample.label(i), "the bundled sample's label of the image shown");
        for (int j = 0; j < i; j++) {
            assertTrue(sample.label(j) != 3, "the first cat of the sample");
        }
        LearnSetup s = vm.setup();
        assertEquals(3, s.label);
        assertEquals(10, s.classes, "the data set's classes");
        assertEquals("3 (cat)", s.labelText());
        assertEquals(3, vm.run().forward().label(), "the loss is -log of the label's probability");
        assertEquals(-Math.log(vm.run().forward().probs()[3]), vm.run().forward().loss(), 1e-12);
        assertTrue(vm.statusProperty().get().contains("true class 3 (cat); CIFAR-10 training image " + (i + 1)),
                vm.statusProperty().get());

        // the input is the image in gray (0.299 R + 0.587 G + 0.114 B), its 4x4 blocks averaged to 8x8, 0-1
        assertEquals(8, s.input.length);
        byte[] px = sample.pixelsHwc();
        int base = i * CifarImages.IMAGE_BYTES;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                double sum = 0;
                for (int y = 4 * r; y < 4 * r + 4; y++) {
                    for (int x = 4 * c; x < 4 * c + 4; x++) {
                        int p = base + (y * 32 + x) * 3;
                        sum += 0.299 * (px[p] & 0xff) + 0.587 * (px[p + 1] & 0xff) + 0.114 * (px[p + 2] & 0xff);
                    }
                }
                assertEquals(sum / 16 / 255, s.input[r][c], 1.5 / 255, "X[" + r + "][" + c + "]");
            }
        }

        // the class is the label: not set by hand; another source gives the choice back
        vm.setLabel(1);
        assertEquals(3, vm.setup().label);
        assertTrue(vm.errorProperty().get().startsWith("A training image's class is its label (3 (cat))"),
                vm.errorProperty().get());
        vm.chooseSource("Example: 4x4 by hand");
        assertEquals(-1, vm.trainingIndex());
        assertEquals(3, vm.setup().classes);
        assertEquals(2, vm.setup().label);
        assertNull(vm.setup().classNames);
        vm.setLabel(1);
        assertEquals(1, vm.setup().label);
    }

    /** Kernel {@code f} (0-based) of a filter set summed over its channels, as the gray network uses it. */
    private static double[][] summed(Volume f) {
        double[][] k = new double[f.height()][f.width()];
        for (int i = 0; i < f.height(); i++) {
            for (int j = 0; j < f.width(); j++) {
                for (int ch = 0; ch < f.channels(); ch++) {
                    k[i][j] += f.values()[(i * f.width() + j) * f.channels() + ch];
                }
            }
        }
        return k;
    }

    @Test
    void theModelsFirstConvLayerWithItsCurrentWeights() {
        ModelSession session = new ModelSession();
        Dl4jEngine engine = new Dl4jEngine();
        LearnViewModel vm = new LearnViewModel(new CurrentThreadTaskExecutor(), session, () -> engine);
        vm.chooseSource("Training image: airplane");
        LearnModelChoice m = vm.model();
        assertTrue(m.available());
        assertFalse(m.inUse());

        m.use(true);
        assertEquals("", vm.errorProperty().get());
        assertTrue(m.inUse());
        int layer = ModelLayer.firstConv(session.getModel());
        LayerSpec.Conv2D conv = (LayerSpec.Conv2D) session.getModel().layers().get(layer - 1);
        CompiledModel fresh = engine.compile(session.getModel(), Session.UNTRAINED_SEED);
        Volume[] filters = fresh.filters(layer);
        assertEquals(conv.filters(), m.kernels());
        assertEquals(filters.length, m.kernels());
        assertEquals(3, filters[0].channels(), "the CIFAR model's first layer sees R, G and B");

        m.choose(3);
        assertEquals(3, m.kernel());
        LearnSetup s = vm.setup();
        for (int i = 0; i < s.kernel.length; i++) {
            assertArrayEquals(summed(filters[2])[i], s.kernel[i], 1e-12, "the untrained weights every screen shows");
        }
        assertEquals(fresh.biases(layer)[2], s.bias, 1e-12);
        assertEquals(conv.strides().h(), s.stride);
        assertEquals(conv.padding(), s.padding);
        String note = m.noteProperty().get();
        assertTrue(note.contains("kernel 3 of " + conv.filters()) && note.contains("over 3 channels")
                && note.contains("The other " + (conv.filters() - 1) + " kernels"), note);

        // the gradient of the followed kernel is core.backprop's for a network built here from the filter itself
        TinyCnn net = vm.run().net();
        TinyCnn own = new TinyCnn(new double[][][] {summed(filters[2])}, new double[] {fresh.biases(layer)[2]},
                conv.strides(), conv.padding(), conv.activation() == org.convscope.core.model.Activation.RELU,
                net.poolMode(), net.poolSize(), net.denseW(), net.denseB());
        double[][] dK = vm.run().backward().conv().dK()[0];
        double[][] expected = BackwardPass.of(own, s.input, 0).conv().dK()[0];
        for (int i = 0; i < dK.length; i++) {
            assertArrayEquals(expected[i], dK[i], 1e-12);
        }
        // and a central difference of the loss: dL/dK[1][1]
        double h = 1e-6;
        double[][][] plus = {summed(filters[2])};
        double[][][] minus = {summed(filters[2])};
        plus[0][1][1] += h;
        minus[0][1][1] -= h;
        double numeric = (Forward.run(new TinyCnn(plus, own.convBias(), own.strides(), own.padding(), own.relu(),
                own.poolMode(), own.poolSize(), own.denseW(), own.denseB()), s.input, 0).loss()
                - Forward.run(new TinyCnn(minus, own.convBias(), own.strides(), own.padding(), own.relu(),
                own.poolMode(), own.poolSize(), own.denseW(), own.denseB()), s.input, 0).loss()) / (2 * h);
        assertEquals(numeric, dK[1][1], 1e-6);

        // trained weights for the model replace the fresh ones at once, kernel 3 still followed
        CompiledModel trained = engine.compile(session.getModel(), 7);
        session.setTrained(new TrainedWeights(trained, WeightsVersion.trained(1, 2), "trained 2 epochs"));
        assertTrue(m.inUse());
        assertEquals(3, m.kernel());
        double[][] k3 = summed(trained.filters(layer)[2]);
        assertArrayEquals(k3[0], vm.setup().kernel[0], 1e-12);
        assertTrue(Math.abs(k3[0][0] - summed(filters[2])[0][0]) > 1e-6, "other weights, another kernel");
        assertTrue(m.noteProperty().get().contains("run 1"), m.noteProperty().get());

        // typing a kernel leaves the model's layer
        vm.setKernelText("1 0; 0 1");
        assertFalse(m.inUse());
        assertEquals("", m.noteProperty().get());
    }
}
