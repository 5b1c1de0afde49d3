package org.convscope.engine.dl4j;

import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' {@code Flatten} for DL4J's channels-first activations: {@code [n, C, H, W]} becomes {@code [n, H*W*C]}
 * in channels-last order (index {@code (r * W + c) * C + ch}), so that the weights of a following Dense layer
 * are laid out as in Keras. DL4J's own {@link CnnToFeedForwardPreProcessor} flattens in {@code C, H, W} order.
 */
public class HwcFlattenPreProcessor extends CnnToFeedForwardPreProcessor {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public HwcFlattenPreProcessor() {
        super();
    }

    /**
     * Creates the preprocessor.
     *
     * @param height rows of the incoming image tensor
     * @param width columns
     * @param channels channels
     */
    public HwcFlattenPreProcessor(long height, long width, long channels) {
        super(height, width, channels);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() == 2) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
        }
        checkShape(input);
        long n = input.size(0);
        INDArray hwc = workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 3, 1), 'c');
        return hwc.reshape('c', n, inputHeight * inputWidth * numChannels);
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long n = epsilons.size(0);
        INDArray hwc = epsilons.dup('c').reshape('c', n, inputHeight, inputWidth, numChannels);
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, hwc.permute(0, 3, 1, 2), 'c');
    }

    private void checkShape(INDArray input) {
        if (input.rank() != 4 || input.size(1) != numChannels || input.size(2) != inputHeight
                || input.size(3) != inputWidth) {
            throw new IllegalStateException("Flatten expects [n, " + numChannels + ", " + inputHeight + ", "
                    + inputWidth + "] but got " + java.util.Arrays.toString(input.shape()));
        }
    }

    @Override
    public HwcFlattenPreProcessor clone() {
        return new HwcFlattenPreProcessor(inputHeight, inputWidth, numChannels);
    }

    @Override
    public String toString() {
        return "HwcFlattenPreProcessor(" + inputHeight + ", " + inputWidth + ", " + numChannels + ")";
    }
}
