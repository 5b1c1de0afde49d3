package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense on the native-ops path: {@code z = x W + b} on {@code [n, in]} with the DL4J layer's {@code W [in, units]}
 * (column-major) and {@code b}, then the activation. The network's last Dense layer is also read as logits: the
 * training loss and Grad-CAM start from {@link #logits} and {@link #backwardFromLogits}. The products go through
 * {@link DnnlMatmul} (oneDNN's matmul, or Java for small ones), else ND4J's {@code gemm}.
 */
final class DenseStep implements NativeStep {
    /** ReLU's gradient on oneDNN's kernel (declines where the presets do not load). */
    private final DnnlElementwise elementwise = new DnnlElementwise();
    private final INDArray w;
    private final INDArray b;
    private final INDArray gw;
    private final INDArray gb;
    /**
     * {@code W} and its gradient read as the row-major {@code [units, in]} transposes they are in memory (DL4J keeps
     * {@code W [in, units]} column-major), or null where they are not laid out so. ND4J's {@code matmul} writes a
     * column-major result through a copy: into the gradient's {@code [in, units]} view the weight gradient took
     * 0.4-3 ms for a 1024x64 layer, into its row-major transpose 0.12-0.25 ms.
     */
    private final INDArray wRows;
    private final INDArray gwRows;
    private final IActivation act;
    private final NativeOps.Buffer zBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    /** oneDNN's matmul on the presets' threads where it loads; else ND4J's {@code gemm}. */
    private final DnnlMatmul matmul = new DnnlMatmul();
    private INDArray input;
    private INDArray preActivation;
    private float[] dzHeap;
    private float[] dbHeap;

    DenseStep(Layer layer, NativeStep.Owner net) {
        w = layer.getParam("W"); // [in, units], column-major
        b = layer.paramTable().get("b");
        gw = net.gradientFor(w);
        gb = net.gradientFor(b);
        act = NativeOps.activationOf(layer);
        wRows = rowMajorTranspose(w);
        gwRows = wRows == null ? null : rowMajorTranspose(gw);
    }

    /** A column-major {@code [r, c]} array as the row-major {@code [c, r]} view of the same floats, or null. */
    private static INDArray rowMajorTranspose(INDArray a) {
        if (a.rank() != 2 || a.ordering() != 'f' || a.stride(0) != 1 || a.stride(1) != a.size(0)) {
            return null;
        }
        return Nd4j.create(a.data(), new long[] {a.size(1), a.size(0)}, new long[] {a.size(0), 1}, a.offset(), 'c');
    }

    // Nd4j.gemm into kept arrays: INDArray.mmul and transpose().mmul allocate and copy, 5-30x slower here.

    INDArray logits(INDArray in, boolean keep) {
        INDArray z = zBuffer.get(in.size(0), w.size(1));
        if (wRows != null && matmul.multiply(in, false, wRows, true, b, z)) {
            if (keep) {
                input = in;
            }
            return z;
        }
        if (wRows != null) {
            Nd4j.gemm(in, wRows, z, false, true, 1.0, 0.0);
        } else {
            Nd4j.gemm(in, w, z, false, false, 1.0, 0.0);
        }
        if (b != null) {
            NativeOps.exec("biasadd", new INDArray[] {z, b}, new INDArray[] {z}, 0); // 25 us; addiRowVector 70 us
        }
        if (keep) {
            input = in;
        }
        return z;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        INDArray z = logits(in, keep);
        if (keep) {
            preActivation = z;
        }
        return activate(act, z, outBuffer.get(z.shape()), training);
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray dz = activationGradient(act, preActivation, eps, elementwise);
        preActivation = null;
        return backwardFromLogits(dz, wanted);
    }

    /** {@code db = sum over the batch of dz}, in Java: a few thousand floats, where ND4J's sum costs 40-70 us a call. */
    private void biasGradient(INDArray dz) {
        int n = (int) dz.size(0);
        int units = (int) dz.size(1);
        dzHeap = Nd4jArrays.floatsInto(dz, dzHeap);
        if (dbHeap == null || dbHeap.length != units) {
            dbHeap = new float[units];
        }
        java.util.Arrays.fill(dbHeap, 0f);
        for (int k = 0; k < n; k++) {
            for (int u = 0; u < units; u++) {
                dbHeap[u] += dzHeap[k * units + u];
            }
        }
        Nd4jArrays.put(dbHeap, gb);
    }

    INDArray backwardFromLogits(INDArray dz, boolean wanted) {
        if (gwRows == null) {
            Nd4j.gemm(input, dz, gw, true, false, 1.0, 0.0); // dW = x^T dz
        } else if (!matmul.multiply(dz, true, input, false, null, gwRows)) {
            Nd4j.gemm(dz, input, gwRows, true, false, 1.0, 0.0); // dW^T = dz^T x
        }
        if (gb != null) {
            biasGradient(dz);
        }
        INDArray g = null;
        if (wanted) {
            g = inputGradient.get(dz.size(0), w.size(0));
            if (wRows == null) {
                Nd4j.gemm(dz, w, g, false, true, 1.0, 0.0);
            } else if (!matmul.multiply(dz, false, wRows, false, null, g)) {
                Nd4j.gemm(dz, wRows, g, false, false, 1.0, 0.0); // dx = dz W^T
            }
        }
        input = null;
        return g;
    }
}
