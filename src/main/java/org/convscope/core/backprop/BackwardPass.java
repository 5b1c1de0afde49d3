package org.convscope.core.backprop;

/**
 * One training step's backward pass, stage by stage, from the loss to the input.
 *
 * <p>Stages in order: {@link #dense()} (the output gradient {@code p - y} and the Dense layer), {@link #pool()}
 * (unflatten, then max or average pooling), {@link #relu()} (the mask), {@link #conv()} (kernel weights, bias and
 * input). {@link #gradients()} collects the parameters' gradients for an {@link Optimizer}.
 *
 * @param forward the forward pass it starts from
 * @param dense the Dense stage
 * @param pool the unflatten and pooling stages
 * @param relu the ReLU stage
 * @param conv the conv stage
 */
public record BackwardPass(ForwardPass forward, DenseBackward dense, PoolBackward pool, ReluBackward relu,
                           ConvBackward conv) {

    /**
     * Runs the backward pass.
     *
     * @param fp a forward pass with its label
     * @return every stage
     */
    public static BackwardPass of(ForwardPass fp) {
        DenseBackward dense = new DenseBackward(fp);
        PoolBackward pool = new PoolBackward(fp, dense.dx());
        ReluBackward relu = new ReluBackward(fp, pool.dA());
        ConvBackward conv = new ConvBackward(fp, relu.dZ());
        return new BackwardPass(fp, dense, pool, relu, conv);
    }

    /** Runs the forward and the backward pass of one input with its label. */
    public static BackwardPass of(TinyCnn net, double[][] input, int label) {
        return of(Forward.run(net, input, label));
    }

    /** Returns every parameter's gradient. */
    public Gradients gradients() {
        return new Gradients(conv.dK(), conv.db(), dense.dW(), dense.db());
    }
}
