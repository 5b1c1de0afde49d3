package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.TensorShape;
import org.convscope.core.task.CancelToken;
import org.convscope.engine.Activations;
import org.convscope.engine.LayerActivation;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image forward through a compiled model, every layer's output kept, for {@link Dl4jEngine#forward}: on
 * {@link NativeOpsNetwork} ({@code [1, H, W, C]}, its ops on one thread), a graph model's vertices by {@link Dl4jGraphRunner}, or on DL4J's
 * layers one by one ({@code [1, C, H, W]}), each
 * output copied out at once (DL4J's {@code ActivationLayer} works in place on its input when not training). The
 * outputs are checked against the shapes the model's analysis expects.
 */
final class Dl4jForwardPass {

    private Dl4jForwardPass() {
    }

    /**
     * Runs the pass in inference mode.
     *
     * @param m the model; synchronised on while its network runs
     * @param image the image as given, the "previous output" of the first layer
     * @param input the image as the first layer sees it (standardised where the model says so)
     * @param nativeOps whether to run {@link NativeOpsNetwork} rather than DL4J's layers
     * @param cancel checked before each layer
     * @return one activation per model layer
     * @throws CancelToken.CancelledException if cancelled
     */
    static Activations run(Dl4jModel m, Volume image, Volume input, boolean nativeOps, CancelToken cancel) {
        List<Volume> outputs = new ArrayList<>();
        List<Boolean> flatOutputs = new ArrayList<>();
        synchronized (m) {
            if (m.isGraph()) {
                var outs = Dl4jGraphRunner.run(m.graph(), Nd4jArrays.toNchw(input), null, null, cancel);
                for (String name : m.names()) {
                    outputs.add(volume(outs.get(name)));
                }
                return activations(m, image, outputs, null);
            }
            MultiLayerNetwork net = m.network();
            if (net != null && nativeOps) {
                NativeOpsNetwork fast = m.nativeOps();
                INDArray x = Nd4jArrays.toNhwc(input);
                // one image: each op is too small to share between threads (see Dl4jRuntime.oneThread)
                List<Volume> volumes = Dl4jRuntime.oneThread(
                        () -> Nd4jArrays.nhwcVolumes(fast.forwardAll(x, false, cancel)));
                return activations(m, image, volumes, null);
            }
            if (net != null) {
                dl4jLayerOutputs(net, input, cancel, outputs, flatOutputs);
            }
        }
        return activations(m, image, outputs, flatOutputs);
    }

    /**
     * Runs DL4J's layers one by one rather than {@code net.feedForward(input, false)}: in inference DL4J's
     * ActivationLayer works in place on its input, so feedForward's list would show the previous layer's output
     * already activated. Each output is copied out before the next layer runs.
     */
    private static void dl4jLayerOutputs(MultiLayerNetwork net, Volume input, CancelToken cancel, List<Volume> outputs,
            List<Boolean> flatOutputs) {
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = Nd4jArrays.toNchw(input);
        try {
            for (int i = 0; i < net.getnLayers(); i++) {
                cancel.throwIfCancelled();
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null) {
                    x = pre.preProcess(x, 1, ws);
                }
                x = net.getLayer(i).activate(x, false, ws);
                outputs.add(volume(x));
                flatOutputs.add(x.rank() == 2);
            }
        } finally {
            net.clearLayersStates();
        }
    }

    /** Returns one image's {@code [1, C, H, W]} (or {@code [1, N]}, as {@code 1x1xN}) output as a volume. */
    private static Volume volume(INDArray x) {
        return x.rank() == 2 ? new Volume(1, 1, (int) x.size(1), Nd4jArrays.toDoubles(Nd4jArrays.floats(x)))
                : Nd4jArrays.fromNchw(x);
    }

    /**
     * Checks and labels layer outputs. With {@code flatOutputs == null}, {@code outputs} has one volume per model
     * layer (native ops; flat when 1x1xN and the model says so); otherwise they are per DL4J layer as
     * {@link #dl4jLayerOutputs} collects them.
     */
    private static Activations activations(Dl4jModel m, Volume image, List<Volume> outputs, List<Boolean> flatOutputs) {
        List<LayerActivation> result = new ArrayList<>();
        Volume previous = image;
        List<LayerSpec> layers = m.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            Volume out;
            boolean flat;
            if (flatOutputs == null) {
                out = outputs.get(i);
                flat = m.analysis().layers().get(i).output() instanceof TensorShape.Flat;
            } else if (m.outputIndex(i) == Dl4jModel.FLATTEN) {
                // channels-last order is exactly the Volume's storage order
                out = new Volume(1, 1, previous.values().length, previous.values().clone());
                flat = true;
            } else {
                out = outputs.get(m.outputIndex(i) - 1);
                flat = flatOutputs.get(m.outputIndex(i) - 1);
            }
            TensorShape expected = m.analysis().layers().get(i).output();
            LayerActivation act = new LayerActivation(i + 1, m.names().get(i), layers.get(i).type(), out, flat);
            if (!act.shape().equals(expected)) {
                throw new IllegalStateException("DL4J computed " + act.shape().keras() + " for layer " + (i + 1)
                        + " (" + m.names().get(i) + ") but the model says " + expected.keras());
            }
            result.add(act);
            previous = out;
        }
        return new Activations(result);
    }
}
