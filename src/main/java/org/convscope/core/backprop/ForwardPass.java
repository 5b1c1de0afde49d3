package org.convscope.core.backprop;

import org.convscope.core.text.CoreText;

import org.convscope.core.conv.ConvTrace;
import org.convscope.core.conv.PoolTrace;

/**
 * The forward pass of a {@link TinyCnn} on one input with its label, every intermediate kept for the backward pass.
 *
 * <p>Arrays are not copied: treat them as read-only. The conv traces hold the pre-activation {@code Z_f}
 * (bias included, no ReLU), so their steps show the same arithmetic as the Convolution stepper.
 *
 * @param net the network
 * @param input {@code X (H, W)}
 * @param label the true class {@code y}
 * @param convs one trace per kernel: {@code Z_f = X (*) K_f + b_f}
 * @param z {@code [f][r][c]}: conv outputs before ReLU
 * @param a {@code [f][r][c]}: after ReLU (equal to {@code z} without ReLU)
 * @param pools one trace per map: {@code P_f = pool(A_f)}
 * @param flat {@code x (n)}: the pooled maps flattened map by map
 * @param logits {@code o = x * W + b (classes)}
 * @param probs softmax of the logits
 * @param loss {@code -log(p_y)}
 */
public record ForwardPass(TinyCnn net, double[][] input, int label, ConvTrace[] convs, double[][][] z,
                          double[][][] a, PoolTrace[] pools, double[] flat, double[] logits, double[] probs,
                          double loss) {

    /** Returns the worked line of one logit: {@code o[k] = b[k] + x[0]*W[0][k] + ... = 1.2}. */
    public String logitLine(int k) {
        StringBuilder sb = new StringBuilder("o[" + k + "] = " + Mat.f(net.denseB()[k]));
        for (int i = 0; i < flat.length; i++) {
            sb.append(" + ").append(Mat.factor(flat[i])).append('*').append(Mat.factor(net.denseW()[i][k]));
        }
        return sb.append(" = ").append(Mat.f(logits[k])).toString();
    }

    /** Returns the worked line of one probability: {@code p[k] = e^1.2 / (e^1.2 + e^0.3) = 0.7109}. */
    public String probabilityLine(int k) {
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < logits.length; j++) {
            sum.append(j == 0 ? "" : " + ").append("e^").append(Mat.factor(logits[j]));
        }
        return "p[" + k + "] = e^" + Mat.factor(logits[k]) + " / (" + sum + ") = " + Mat.f(probs[k]);
    }

    /**
     * Returns the loss with its numbers: {@code loss = -log(p_true) = -log(p[1]) = -log(0.23) = 1.4697} (the words
     * {@code loss} and {@code true} in the user's language).
     */
    public String lossLine() {
        return CoreText.tr("backprop.lossLine", "-log(p[" + label + "]) = -log(" + Mat.f(probs[label]) + ") = "
                + Mat.f(loss));
    }

    /** Returns the class with the highest probability. */
    public int predicted() {
        int best = 0;
        for (int k = 1; k < probs.length; k++) {
            if (probs[k] > probs[best]) {
                best = k;
            }
        }
        return best;
    }
}
