package org.convscope.io;

import static org.convscope.core.text.CoreText.tr;

import org.convscope.core.model.ModelSpec;

/**
 * A bundled preset's name and description in the user's language: {@code preset.<id>.name} and
 * {@code preset.<id>.description} in core's bundles, read by {@link org.convscope.core.text.CoreText} in the JVM's
 * language, so the Build screen, the window's header and {@code convscope presets} say the same. The preset files
 * keep English. Any other model's (a user's, or a preset the user renamed or re-described) is shown as written.
 */
public final class PresetTexts {

    /** What {@code OnnxChain} writes as an imported model's description: producer and opset. */
    private static final java.util.regex.Pattern ONNX_IMPORT =
            java.util.regex.Pattern.compile("Imported from ONNX \\((.*), opset (\\d+)\\)");

    private PresetTexts() {
    }

    /** A bundled preset's name in the user's language, by its id (e.g. {@code tf-cifar-cnn}). */
    public static String nameOf(String presetId) {
        return tr("preset." + presetId + ".name");
    }

    /** The model's name, translated where it is a bundled preset's unchanged name. */
    public static String name(ModelSpec model) {
        String n = model.name();
        return Presets.all().stream().filter(p -> p.model().name().equals(n) && !n.isEmpty()).findFirst()
                .map(p -> nameOf(p.id())).orElse(n);
    }

    /**
     * The model's description, translated where it is a bundled preset's unchanged description or what an import
     * wrote ({@value KerasJson#IMPORTED_DESCRIPTION}, {@code Imported from ONNX (producer, opset N)}); a user's own
     * is shown as written.
     */
    public static String description(ModelSpec model) {
        String d = model.description();
        if (d.equals(KerasJson.IMPORTED_DESCRIPTION)) {
            return tr("model.importedFromKeras");
        }
        java.util.regex.Matcher onnx = ONNX_IMPORT.matcher(d);
        if (onnx.matches()) {
            return tr("model.importedFromOnnx", onnx.group(1), onnx.group(2));
        }
        return Presets.all().stream().filter(p -> p.model().description().equals(d) && !d.isEmpty()).findFirst()
                .map(p -> tr("preset." + p.id() + ".description")).orElse(d);
    }
}
