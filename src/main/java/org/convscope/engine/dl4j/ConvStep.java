package org.convscope.engine.dl4j;

import static org.convscope.engine.dl4j.NativeOps.activate;
import static org.convscope.engine.dl4j.NativeOps.activationGradient;
import static org.convscope.engine.dl4j.NativeOps.exec;
import static org.convscope.engine.dl4j.NativeOps.spatial;

import org.convscope.core.analysis.LayerInfo;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.TensorShape;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Conv2D on the native-ops path: {@code conv2d} / {@code conv2d_bp} on NHWC data {@code [n, H, W, C]} with the DL4J
 * layer's OIHW weights {@code W [out, in, kh, kw]} and bias {@code b}, TF-style same padding, then the activation.
 * With ReLU followed by max pooling the ReLU can move after the pooling during training (see
 * {@link NativeOpsNetwork}); the output is then the pre-activation.
 */
final class ConvStep implements NativeStep {
    private final INDArray w;
    private final INDArray b;
    private final INDArray gw;
    private final INDArray gb;
    private final IActivation act;
    private final int[] iargs;
    private final TensorShape outShape;
    private final NativeOps.Buffer zBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer outBuffer = new NativeOps.Buffer();
    private final NativeOps.Buffer inputGradient = new NativeOps.Buffer();
    private final NativeOps.Buffer columns = new NativeOps.Buffer();
    private final NativeOps.Buffer weightAndBias = new NativeOps.Buffer();
    private float[] inHeap;
    private float[] colHeap;
    /** {@code gw} as {@code [out, in*kh*kw]}, or null where the view is not contiguous (then conv2d_bp always). */
    private final INDArray gwRows;
    private final NativeOpsNetwork net;
    private boolean reluMovedToPool;
    private boolean fusedNow;
    private INDArray input;
    private INDArray preActivation;

    ConvStep(LayerSpec.Conv2D c, LayerInfo info, Layer layer, NativeOpsNetwork net) {
        this.net = net;
        w = layer.getParam("W");
        b = layer.paramTable().get("b");
        gw = net.gradientFor(w);
        gb = net.gradientFor(b);
        act = NativeOps.activationOf(layer);
        int p = c.padding() instanceof Padding.Explicit e ? e.amount() : 0;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC data, weights [out, in, kh, kw]
        iargs = new int[] {c.kernel().h(), c.kernel().w(), c.strides().h(), c.strides().w(), p, p, 1, 1,
                c.padding() instanceof Padding.Same ? 1 : 0, 1, 1};
        outShape = info.output();
        gwRows = gw.ordering() == 'c' && gw.elementWiseStride() == 1
                ? Nd4j.create(gw.data(), new long[] {w.size(0), w.length() / w.size(0)},
                        new long[] {w.length() / w.size(0), 1}, gw.offset(), 'c')
                : null;
    }

    /** Whether the activation is plain ReLU, which the next max pooling may apply instead. */
    boolean hasRelu() {
        return NativeOps.isRelu(act);
    }

    /** Lets the next max pooling apply this layer's ReLU during training passes. */
    void moveReluToPool() {
        reluMovedToPool = true;
    }

    @Override
    public INDArray forward(INDArray in, boolean training, boolean keep) {
        long[] shape = spatial((int) in.size(0), outShape);
        INDArray z = zBuffer.get(shape);
        exec("conv2d", b == null ? new INDArray[] {in, w} : new INDArray[] {in, w, b}, new INDArray[] {z}, iargs);
        if (keep) {
            input = in;
            preActivation = z;
        }
        fusedNow = training && reluMovedToPool && net.fusing();
        if (fusedNow) {
            return z; // the next max pooling applies the ReLU after pooling
        }
        return activate(act, z, outBuffer.get(shape), training);
    }

    @Override
    public INDArray backward(INDArray eps, boolean wanted) {
        INDArray dz = fusedNow ? eps : activationGradient(act, preActivation, eps);
        if (!wanted && gwRows != null) {
            weightGradientOnly(dz);
            return null;
        }
        INDArray gin = inputGradient.get(input.shape());
        if (b == null) {
            exec("conv2d_bp", new INDArray[] {input, w, dz}, new INDArray[] {gin, gw}, iargs);
        } else {
            exec("conv2d_bp", new INDArray[] {input, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs);
        }
        input = null;
        preActivation = null;
        return gin;
    }

    /**
     * dW and db without dL/d(input), which {@code conv2d_bp} always computes (for the first layer a 3-channel image
     * gradient nobody reads). The input's patches are laid out as rows {@code [n*oh*ow, in*kh*kw + 1]} in Java
     * (columns in the weights' OIHW order, a last column of ones for the bias) and one GEMM gives
     * {@code [dW | db] = dz^T cols}. ND4J's own {@code im2col} op was tried first: 5-20 ms for this layer's
     * 64-image batch, slower than {@code conv2d_bp} itself.
     */
    private void weightGradientOnly(INDArray dz) {
        int n = (int) input.size(0);
        int oh = (int) dz.size(1);
        int ow = (int) dz.size(2);
        int k = (int) (w.length() / w.size(0));
        int rows = n * oh * ow;
        INDArray x = input.isView() || input.ordering() != 'c' ? input.dup('c') : input;
        if (inHeap == null || inHeap.length != x.length()) {
            inHeap = new float[(int) x.length()];
        }
        x.data().asNioFloat().get(inHeap);
        if (colHeap == null || colHeap.length != rows * (k + 1)) {
            colHeap = new float[rows * (k + 1)];
        }
        int[] g = {(int) input.size(1), (int) input.size(2), (int) input.size(3), oh, ow, padding(dz, 1), padding(dz, 2)};
        java.util.stream.IntStream.range(0, n).parallel().forEach(img -> patches(img, g, k));
        INDArray col = columns.get(rows, k + 1);
        col.data().asNioFloat().put(colHeap);
        INDArray both = weightAndBias.get(w.size(0), k + 1);
        Nd4j.gemm(dz.reshape('c', rows, dz.size(3)), col, both, true, false, 1.0, 0.0);
        gwRows.assign(both.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k)));
        if (gb != null) {
            gb.assign(both.getColumn(k).reshape(gb.shape()));
        }
        input = null;
        preActivation = null;
    }

    /** One image's rows of {@link #colHeap}; {@code g} = in height, width, channels, out height, width, pads. */
    private void patches(int img, int[] g, int k) {
        int kh = iargs[0];
        int kw = iargs[1];
        int c = g[2];
        float[] in = inHeap;
        float[] col = colHeap;
        int r = img * g[3] * g[4] * (k + 1);
        for (int oy = 0; oy < g[3]; oy++) {
            for (int ox = 0; ox < g[4]; ox++, r += k + 1) {
                for (int y = 0; y < kh; y++) {
                    int iy = oy * iargs[2] + y - g[5];
                    for (int xx = 0; xx < kw; xx++) {
                        int ix = ox * iargs[3] + xx - g[6];
                        boolean inside = iy >= 0 && iy < g[0] && ix >= 0 && ix < g[1];
                        int base = ((img * g[0] + iy) * g[1] + ix) * c;
                        for (int ci = 0; ci < c; ci++) {
                            col[r + (ci * kh + y) * kw + xx] = inside ? in[base + ci] : 0f;
                        }
                    }
                }
                col[r + k] = 1f;
            }
        }
    }

    /** The top (dim 1) or left (dim 2) padding: explicit, or same padding's smaller half (TF puts the extra after). */
    private int padding(INDArray dz, int dim) {
        if (iargs[8] == 0) {
            return iargs[3 + dim];
        }
        return (int) Math.max(0, ((dz.size(dim) - 1) * iargs[1 + dim] + iargs[dim - 1] - input.size(dim)) / 2);
    }
}
