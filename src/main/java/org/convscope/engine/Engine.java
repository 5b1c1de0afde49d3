package org.convscope.engine;

import org.convscope.core.conv.Volume;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.task.CancelToken;
import org.convscope.core.train.LabelledImages;
import org.convscope.core.train.TrainConfig;
import org.convscope.core.train.TrainingListener;
import org.convscope.core.train.TrainingResult;

/**
 * Runs real networks built from {@link ModelSpec}s; the deep-learning library stays behind this interface.
 *
 * <p>Every tensor crossing this interface is one example, channels-last as in Keras: images and feature
 * maps are {@link Volume}s {@code (H, W, C)}, flat vectors {@code (1, 1, N)}. Implementations that compute
 * channels-first (DL4J's {@code [1, C, H, W]}) convert inside their own package; a vector made by
 * {@code Flatten} is in Keras' order, index {@code (r * W + c) * C + ch}.
 */
public interface Engine {

    /**
     * Builds a network with freshly initialised weights.
     *
     * @param spec the model; it must be valid according to {@code ModelAnalyzer}
     * @param seed the random seed for the initial weights: the same seed gives the same weights
     * @return the network, ready for {@link #forward}
     * @throws IllegalArgumentException if the model cannot be built; the message has the analyzer's problem text
     */
    CompiledModel compile(ModelSpec spec, long seed);

    /**
     * Runs one image through the network in inference mode (dropout off, batch normalisation with its moving
     * statistics).
     *
     * @param model a model compiled by this engine
     * @param image the input {@code (H, W, C)}, exactly the model's input shape
     * @return every layer's output, in model order
     * @throws IllegalArgumentException if the image has another shape or the model is from another engine
     */
    Activations forward(CompiledModel model, Volume image);

    /**
     * As {@link #forward(CompiledModel, Volume)}, checking {@code cancel} between layers so a long pass (a large
     * image through a deep model) stops within one layer's time.
     *
     * @param model a model compiled by this engine
     * @param image the input {@code (H, W, C)}
     * @param cancel checked before each layer
     * @return every layer's output, in model order
     * @throws CancelToken.CancelledException if cancelled
     */
    default Activations forward(CompiledModel model, Volume image, CancelToken cancel) {
        cancel.throwIfCancelled();
        Activations a = forward(model, image);
        cancel.throwIfCancelled();
        return a;
    }

    /**
     * Returns the class probabilities of many images, computed in batches in inference mode: the last layer's
     * output, with softmax applied when that layer is linear (logits).
     *
     * @param model a model compiled by this engine that ends with a Dense layer
     * @param images the images, the model's input shape (labels are not used)
     * @param batchSize images per forward pass, at least 1
     * @param cancel checked between batches
     * @return {@code [images.size()][classes]}
     * @throws java.util.concurrent.CancellationException if cancelled
     * @throws IllegalArgumentException if the model or images do not fit as described
     */
    default double[][] classify(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        throw new UnsupportedOperationException("this engine cannot classify batches");
    }

    /**
     * Back-propagates one class's score to a layer's output for one image, in inference mode: what Grad-CAM needs.
     * The score is the last Dense layer's logit {@code y^c} (its output before softmax).
     *
     * @param model a model compiled by this engine that ends with a Dense layer
     * @param image the input {@code (H, W, C)}, pixels as {@link #forward} takes them (the model's own
     *              standardisation is applied here)
     * @param layer 1-based index of a layer with an image-shaped output, before the last layer
     * @param classIndex the class, or -1 for the most likely one
     * @return the layer's output {@code A (h, w, k)}, {@code dy^c/dA} (same shape) and the probabilities
     * @throws IllegalArgumentException if the model, layer or class does not fit
     */
    default ClassGradient classGradient(CompiledModel model, Volume image, int layer, int classIndex) {
        throw new UnsupportedOperationException("this engine cannot compute gradients");
    }

    /**
     * Returns what the model's last Dense layer receives for many images: the last hidden layer's output (flattened
     * channels-last, as Keras' {@code Flatten}, when it is an image tensor), computed in batches in inference mode.
     * These are the features the classifier separates the classes by; PCA and t-SNE plots project them to 2-D.
     *
     * @param model a model compiled by this engine that ends with a Dense layer (with only {@code Flatten} before it,
     *     the result is the standardised pixels)
     * @param images the images, the model's input shape (labels are not used)
     * @param batchSize images per forward pass, at least 1
     * @param cancel checked between batches
     * @return {@code [images.size()][units]}, {@code units} the last Dense layer's input size
     * @throws java.util.concurrent.CancellationException if cancelled
     * @throws IllegalArgumentException if the model or images do not fit as described
     */
    default float[][] lastHidden(CompiledModel model, LabelledImages images, int batchSize, CancelToken cancel) {
        throw new UnsupportedOperationException("this engine cannot compute hidden features");
    }

    /**
     * Trains the model's weights in place with mini-batch gradient descent on softmax cross-entropy.
     *
     * <p>The model must end with a Dense layer with as many units as there are classes and a softmax or linear
     * activation; a linear last layer is read as logits, and softmax is applied to it for the loss (as Keras'
     * {@code from_logits=True}), while {@link #forward} keeps showing the logits. The optimiser starts fresh on
     * every call. The listener is called on the calling thread; {@code cancel} is checked before every batch.
     * When the loss becomes NaN or infinite, training stops with {@code DIVERGED} and the weights are left as they
     * were before the call.
     *
     * @param model a model compiled by this engine
     * @param train the training images, the model's input shape
     * @param validation images evaluated after every epoch; may be empty
     * @param config the settings
     * @param listener receives progress
     * @param cancel stops training between two batches
     * @return how training ended, with every completed epoch
     * @throws IllegalArgumentException if the model or images do not fit as described
     */
    default TrainingResult train(CompiledModel model, LabelledImages train, LabelledImages validation,
            TrainConfig config, TrainingListener listener, CancelToken cancel) {
        throw new UnsupportedOperationException("this engine cannot train");
    }

    /**
     * Names the classes of a model's outputs (see {@link CompiledModel#classNames()}); they are saved with the model.
     * An engine that cannot keep names ignores them (the model's classes are then "class k").
     *
     * @param model a model compiled by this engine
     * @param names one name per output of the last layer, index = class; empty for none
     * @throws IllegalArgumentException if the count differs from the model's outputs, or a name is blank or has a line
     *         break
     */
    default void setClassNames(CompiledModel model, java.util.List<String> names) {
        // nothing kept
    }

    /**
     * Sets (or, with null, removes) the standardisation of the model's inputs; it is saved with the model.
     *
     * @param model a model compiled by this engine
     * @param normalization one mean and deviation per input channel, or null
     * @throws IllegalArgumentException if the channel count differs from the model's input
     */
    default void setInputNormalization(CompiledModel model, org.convscope.core.train.InputNormalization normalization) {
        throw new UnsupportedOperationException("this engine cannot normalise inputs");
    }

    /**
     * Returns what the first layer sees for an image: the image standardised as the model's
     * {@link CompiledModel#inputNormalization()} says, or the image itself.
     */
    default Volume preprocess(CompiledModel model, Volume image) {
        return model.inputNormalization().map(n -> n.apply(image)).orElse(image);
    }

    /**
     * Returns an independent copy of a network with the same weights (a training checkpoint): later training of
     * either leaves the other as it is.
     *
     * @param model a model compiled by this engine
     * @return the copy
     */
    default CompiledModel copy(CompiledModel model) {
        throw new UnsupportedOperationException("this engine cannot copy models");
    }

    /**
     * Returns a copy of a network whose last Dense layer is replaced by a fresh one with another number of units (a new
     * "head" for fine-tuning on other classes); every other layer keeps its weights, and the input standardisation is
     * kept.
     *
     * @param model a model compiled by this engine that ends with a Dense layer
     * @param units the new layer's units, one per class
     * @param seed the seed of the new layer's initial weights
     * @return the new network (the given one is unchanged)
     * @throws IllegalArgumentException if the model does not end with a Dense layer or {@code units < 1}
     */
    default CompiledModel withNewHead(CompiledModel model, int units, long seed) {
        throw new UnsupportedOperationException("this engine cannot replace layers");
    }

    /**
     * Saves a model with its current weights, atomically, so that {@link #load} gives the same outputs.
     *
     * @param model a model built by this engine
     * @param file the target, e.g. {@code cats.convscope.zip}
     * @throws java.io.IOException if it cannot be written; an existing file is then unchanged
     */
    default void save(CompiledModel model, java.nio.file.Path file) throws java.io.IOException {
        throw new UnsupportedOperationException("this engine cannot save models");
    }

    /**
     * Builds a network from a Keras {@code .h5} model file (Keras 2, or Keras 3's legacy HDF5 format) or a Keras 3
     * {@code .keras} file with its trained weights: the layers from the input up to the first one ConvScope cannot
     * represent (see {@link org.convscope.io.KerasH5} and {@link org.convscope.io.KerasV3}). Nothing in the file is run.
     *
     * @param file the Keras model file
     * @return the network and the list of what was left out
     * @throws org.convscope.io.ModelFileException if the file cannot be used; the message says why and where
     */
    default ImportedModel importKeras(java.nio.file.Path file) throws org.convscope.io.ModelFileException {
        throw new UnsupportedOperationException("this engine cannot import Keras models");
    }

    /**
     * Builds a network from a Keras {@code .h5} file already read by {@link org.convscope.io.KerasH5#read}, as
     * {@link #importKeras(java.nio.file.Path)} does.
     *
     * @param file the file they were read from, named in messages and in a partial model's reason
     * @param contents the file's model and weights
     * @return the network and the list of what was left out
     * @throws org.convscope.io.ModelFileException if the model cannot be built with these weights
     */
    default ImportedModel importKeras(java.nio.file.Path file, org.convscope.io.KerasH5.Contents contents)
            throws org.convscope.io.ModelFileException {
        throw new UnsupportedOperationException("this engine cannot import Keras models");
    }

    /**
     * Builds a network from an ONNX model file (PyTorch's {@code torch.onnx.export} and others) with its trained
     * weights: the layers from the input up to the first op ConvScope cannot represent (see
     * {@link org.convscope.io.OnnxImport}). Nothing in the file is run.
     *
     * @param file the {@code .onnx} file
     * @return the network and the list of what was left out; its version names the opset and the producer
     * @throws org.convscope.io.ModelFileException if the file cannot be used; the message names it and says why
     */
    default ImportedModel importOnnx(java.nio.file.Path file) throws org.convscope.io.ModelFileException {
        throw new UnsupportedOperationException("this engine cannot import ONNX models");
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param file the saved model
     * @return the model with its weights
     * @throws java.io.IOException if the file is not a ConvScope model archive, or is damaged (the message says which)
     */
    default CompiledModel load(java.nio.file.Path file) throws java.io.IOException {
        throw new UnsupportedOperationException("this engine cannot load models");
    }

    /**
     * Returns every layer's weights in Keras' layouts, as {@link org.convscope.io.KerasH5.Contents#weights} holds them
     * (conv kernel {@code (kh, kw, in, out)} and bias; Dense kernel {@code (in, units)}, rows in channels-last flatten
     * order, and bias; batch normalisation gamma, beta, moving mean, moving variance; nothing for other layers), so
     * that exporters ({@code io.PyTorchProject}) need no engine types.
     *
     * @param model a model compiled by this engine
     * @return one list per layer of {@code model.spec()}
     */
    default java.util.List<java.util.List<org.convscope.io.KerasH5.Tensor>> kerasWeights(CompiledModel model) {
        throw new UnsupportedOperationException("this engine cannot read its weights out");
    }

    /**
     * Writes a network with its weights as an ONNX model (opset {@link org.convscope.io.OnnxExport#OPSET}, see
     * {@link org.convscope.io.OnnxExport}) that {@link #importOnnx}, ONNX Runtime and PyTorch read; atomically.
     *
     * @param model a model compiled by this engine
     * @param file the {@code .onnx} file to write
     * @throws java.io.IOException if it cannot be written (the file is then unchanged)
     */
    default void exportOnnx(CompiledModel model, java.nio.file.Path file) throws java.io.IOException {
        throw new UnsupportedOperationException("this engine cannot write ONNX models");
    }

    /**
     * Drops the working memory the engine keeps for {@code model} between passes (arrays sized for the last batch,
     * for {@code tf-cifar-cnn} classifying in batches of 256 about 16 MB); the next pass allocates it again. The
     * weights stay. For when a long job with the model has ended (a training run and its test pass), so that an idle
     * app does not keep it; not during a pass.
     */
    default void releaseWorkingMemory(CompiledModel model) {
    }
}
