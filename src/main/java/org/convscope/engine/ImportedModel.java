package org.convscope.engine;

import org.convscope.io.KerasJson;

/**
 * A network built from someone else's model file (a Keras {@code .h5}) with its trained weights, and what of the
 * file could not be represented.
 *
 * @param model the network: the supported part of the file's model, with the file's weights
 * @param structure the Keras layer behind each of the model's layers, and every unsupported layer with why
 * @param kerasVersion the Keras version that wrote the file, or {@code "unknown"}
 */
public record ImportedModel(CompiledModel model, KerasJson.Imported structure, String kerasVersion) {
}
