package org.convscope.io;

import java.util.Locale;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.train.Augmentation;
import org.convscope.core.train.InputNormalization;
import org.convscope.core.train.LearningRateSchedule;

/**
 * Writes the exported project's {@code settings.json}, train.py's defaults: epochs, batch size per process, learning
 * rate and its schedule, optimiser, seed, augmentation (Keras' {@code ImageDataGenerator} names, as ConvScope's
 * {@link Augmentation}) and the input standardisation {@code model.py} applies (the statistics ConvScope computed
 * from the training images, or null).
 *
 * <p>Example: {@code "schedule": {"kind": "step", "every": 3}} halves the rate every 3 epochs,
 * {@code lr(e) = lr * 0.5^floor((e - 1) / 3)} for epochs {@code e = 1 .. N}; {@code "cosine"} is
 * {@code lr * (1 + cos(pi (e - 1) / N)) / 2}.
 */
final class PyTorchSettingsJson {

    private PyTorchSettingsJson() {
    }

    /**
     * Returns the file's text.
     *
     * @param model the model (its name is recorded)
     * @param s the settings
     * @param normalization the standardisation {@code model.py} applies, or null
     */
    static String json(ModelSpec model, PyTorchProject.Settings s, InputNormalization normalization) {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "model", KerasCode.string(model.name()));
        field(b, "epochs", Integer.toString(s.epochs()));
        field(b, "batch_size", Integer.toString(s.batchSize()));
        field(b, "lr", KerasCode.number(s.learningRate()));
        LearningRateSchedule lr = s.schedule();
        field(b, "schedule", "{\"kind\": \"" + lr.kind().name().toLowerCase(Locale.ROOT) + "\", \"every\": "
                + lr.every() + "}");
        field(b, "optimizer", "\"" + s.optimizer() + "\"");
        field(b, "seed", Long.toString(s.seed()));
        field(b, "augmentation", augmentation(s.augmentation()));
        b.append("  \"normalization\": ").append(normalization == null ? "null" : "{\"mean\": "
                + list(normalization.mean()) + ", \"std\": " + list(normalization.std()) + "}").append("\n}\n");
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    /** Null when it changes nothing, else every setting by Keras' name. */
    private static String augmentation(Augmentation a) {
        if (a.none()) {
            return "null";
        }
        return "{\"rotation_range\": " + KerasCode.number(a.rotation())
                + ", \"width_shift_range\": " + KerasCode.number(a.widthShift())
                + ", \"height_shift_range\": " + KerasCode.number(a.heightShift())
                + ", \"shear_range\": " + KerasCode.number(a.shear())
                + ", \"zoom_range\": " + KerasCode.number(a.zoom())
                + ", \"horizontal_flip\": " + a.horizontalFlip()
                + ", \"vertical_flip\": " + a.verticalFlip()
                + ", \"brightness_range\": [" + KerasCode.number(a.brightnessLow()) + ", "
                + KerasCode.number(a.brightnessHigh()) + "]"
                + ", \"fill_mode\": \"" + a.fill().name().toLowerCase(Locale.ROOT) + "\"}";
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(KerasCode.number(v[i]));
        }
        return b.append(']').toString();
    }
}
