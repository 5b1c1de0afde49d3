package org.convscope.engine.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ways a Conv2D layer's backward pass can run, timed per layer shape of the TF CIFAR CNN and ResNet-20 at batch
 * 64: {@code conv2d_bp} (oneDNN, input and weight gradients), {@link ConvGradients#weights} (one GEMM over an im2col
 * of the batch), {@link ConvGradients#input} (a flipped-kernel {@code conv2d}), and the forward {@code conv2d} for
 * scale. The ways alternate within each round (the machine's load moves), and each prints its median.
 *
 * <p>Run with {@code mvn -o -q test -Pbench -Dtest=ConvKernelsBenchmark}; prints numbers, asserts nothing.
 */
@Tag("benchmark")
class ConvKernelsBenchmark {
    private static final int ROUNDS = 25;
    /** Untimed rounds first, so that the Java kernels run compiled (as they do after a few training batches). */
    private static final int WARM_UP = Integer.getInteger("warmUp", 100);

    @BeforeAll
    static void runtime() {
        Dl4jRuntime.selectNativeBuild();
    }

    /** One layer: input {@code [64, h, w, c]}, {@code co} filters of {@code k x k}, stride, same padding or valid. */
    private record Shape(String name, int h, int w, int c, int co, int k, int s, boolean same) {
    }

    /** ResNet's 32x32x16 layer's {@code conv2d_bp}, alone and then between the forward and the split's calls. */
    @Test
    void resnetFirstStageConvBpAloneAndInterleaved() {
        Shape s = new Shape("rn 32x32x16>16", 32, 32, 16, 16, 3, 1, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 32, 32, 16);
        INDArray w = Nd4j.rand(DataType.FLOAT, 16, 16, 3, 3).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 16);
        INDArray dz = Nd4j.rand(DataType.FLOAT, 64, 32, 32, 16).subi(0.5);
        INDArray gin = Nd4j.create(DataType.FLOAT, 64, 32, 32, 16);
        INDArray gw = Nd4j.create(DataType.FLOAT, 16, 16, 3, 3);
        INDArray gb = Nd4j.create(DataType.FLOAT, 16);
        int[] iargs = {3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 1};
        Runnable bp = () -> NativeOps.exec("conv2d_bp", new INDArray[] {x, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs);
        print(s.name + " conv2d_bp alone", List.of("conv2d_bp"), run(List.of(bp)));
        ConvGradients g = new ConvGradients(3, 3, 1, 1);
        print(s.name + " interleaved", List.of("conv2d_bp", "weights", "input"), run(List.of(bp,
                () -> g.weights(x, dz, 1, 1, gw, gb), () -> g.input(dz, w, gin, 1, 1))));
    }

    @Test
    void convBackwardWays() {
        List<Shape> shapes = List.of(
                new Shape("tf conv1 32x32x3>32", 32, 32, 3, 32, 3, 1, false),
                new Shape("tf conv3 15x15x32>64", 15, 15, 32, 64, 3, 1, false),
                new Shape("tf conv5 6x6x64>64", 6, 6, 64, 64, 3, 1, false),
                new Shape("rn 32x32x16>16", 32, 32, 16, 16, 3, 1, true),
                new Shape("rn 16x16x32>32", 16, 16, 32, 32, 3, 1, true),
                new Shape("rn 8x8x64>64", 8, 8, 64, 64, 3, 1, true),
                new Shape("rn s2 32x32x16>32", 32, 32, 16, 32, 3, 2, true),
                new Shape("rn 1x1 s2 32x32x16>32", 32, 32, 16, 32, 1, 2, true));
        for (Shape s : shapes) {
            time(s);
        }
    }

    private static long[][] run(List<Runnable> ways) {
        for (int r = 0; r < WARM_UP; r++) {
            ways.forEach(Runnable::run);
        }
        long[][] nanos = new long[ways.size()][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < ways.size(); i++) {
                long t0 = System.nanoTime();
                ways.get(i).run();
                if (r >= 0) {
                    nanos[i][r] = System.nanoTime() - t0;
                }
            }
        }
        return nanos;
    }

    private static void print(String title, List<String> names, long[][] nanos) {
        StringBuilder sb = new StringBuilder(title + ":");
        for (int i = 0; i < names.size(); i++) {
            Arrays.sort(nanos[i]);
            sb.append(String.format(Locale.ROOT, "%n    %-22s min %6.2f  median %6.2f ms", names.get(i),
                    nanos[i][0] / 1e6, nanos[i][ROUNDS / 2] / 1e6));
        }
        System.out.println(sb);
    }

    private static void time(Shape s) {
        int n = 64;
        int oh = s.same ? (s.h + s.s - 1) / s.s : (s.h - s.k) / s.s + 1;
        int ow = s.same ? (s.w + s.s - 1) / s.s : (s.w - s.k) / s.s + 1;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, s.h, s.w, s.c);
        INDArray w = Nd4j.rand(DataType.FLOAT, s.co, s.c, s.k, s.k).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, s.co);
        INDArray dz = Nd4j.rand(DataType.FLOAT, n, oh, ow, s.co).subi(0.5);
        INDArray z = Nd4j.create(DataType.FLOAT, n, oh, ow, s.co);
        INDArray gin = Nd4j.create(DataType.FLOAT, n, s.h, s.w, s.c);
        INDArray gw = Nd4j.create(DataType.FLOAT, s.co, s.c, s.k, s.k);
        INDArray gb = Nd4j.create(DataType.FLOAT, s.co);
        int[] iargs = {s.k, s.k, s.s, s.s, 0, 0, 1, 1, s.same ? 1 : 0, 1, 1};
        int pad = s.same ? Math.max(0, ((oh - 1) * s.s + s.k - s.h) / 2) : 0;
        ConvGradients g = new ConvGradients(s.k, s.k, s.s, s.s);
        boolean inputOk = g.inputApplies(s.h, s.w, oh, ow, pad, pad);
        List<String> names = new ArrayList<>(List.of("forward conv2d", "conv2d_bp", "weights (gemm)"));
        List<Runnable> ways = new ArrayList<>(List.of(
                () -> NativeOps.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {z}, iargs),
                () -> NativeOps.exec("conv2d_bp", new INDArray[] {x, w, b, dz}, new INDArray[] {gin, gw, gb}, iargs),
                () -> g.weights(x, dz, pad, pad, gw, gb)));
        int kk = s.k * s.k * s.c + 1;
        INDArray col = Nd4j.rand(DataType.FLOAT, n * oh * ow, kk);
        INDArray prod = Nd4j.create(DataType.FLOAT, s.co, kk);
        INDArray dzRows = dz.reshape('c', (long) n * oh * ow, s.co);
        INDArray prodT = Nd4j.create(DataType.FLOAT, kk, s.co);
        names.add("gemm alone");
        ways.add(() -> Nd4j.gemm(dzRows, col, prod, true, false, 1.0, 0.0));
        names.add("gemm alone, transposed");
        ways.add(() -> Nd4j.gemm(col, dzRows, prodT, true, false, 1.0, 0.0));
        if (inputOk) {
            names.add("input (flipped conv)");
            ways.add(() -> g.input(dz, w, gin, pad, pad));
        }
        print(s.name, names, run(ways));
    }
}
