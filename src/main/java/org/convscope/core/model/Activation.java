package org.convscope.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Element-wise activation functions, named as in Keras ({@code activation="relu"}).
 *
 * <p>{@code softmax} normalises the last axis: {@code y_i = exp(x_i) / sum_j exp(x_j)}.
 * {@code leaky_relu} uses Keras 3's default slope of 0.2 for negative inputs.
 */
public enum Activation {
    LINEAR("linear", "y = x"),
    RELU("relu", "y = max(0, x)"),
    SIGMOID("sigmoid", "y = 1 / (1 + e^-x)"),
    TANH("tanh", "y = tanh(x)"),
    SOFTMAX("softmax", "y_i = e^x_i / sum_j e^x_j"),
    LEAKY_RELU("leaky_relu", "y = x if x > 0 else 0.2x");

    private final String keras;
    private final String formula;

    Activation(String keras, String formula) {
        this.keras = keras;
        this.formula = formula;
    }

    /** Returns the Keras name, e.g. {@code relu}. */
    public String keras() {
        return keras;
    }

    /** Returns the formula as plain text, e.g. {@code y = max(0, x)}. */
    public String formula() {
        return formula;
    }

    /** Finds an activation by Keras name (case-insensitive); {@code None} or {@code null} mean linear. */
    public static Optional<Activation> fromKeras(String name) {
        if (name == null) {
            return Optional.of(LINEAR);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("none")) {
            return Optional.of(LINEAR);
        }
        return Arrays.stream(values()).filter(a -> a.keras.equals(n)).findFirst();
    }

    /** Returns the Keras names of all activations, for error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Activation::keras).toList());
    }
}
