package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.convscope.core.model.ModelSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an import writes as a model's description ("Imported from Keras", "Imported from ONNX (pytorch 1.13.1,
 * opset 13)") is shown in the user's language, with the producer and opset kept; the file keeps English.
 */
class ImportedDescriptionTest {

    private final Locale before = Locale.getDefault();

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    private static ModelSpec described(String description) {
        ModelSpec tf = Presets.find("tf-cifar-cnn").orElseThrow();
        return new ModelSpec("imported", description, tf.input(), tf.layers());
    }

    @Test
    void importsAreDescribedInEachLanguage() {
        ModelSpec keras = described(KerasJson.IMPORTED_DESCRIPTION);
        ModelSpec onnx = described("Imported from ONNX (pytorch 1.13.1, opset 13)");
        ModelSpec own = described("my notes");
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("Imported from Keras", PresetTexts.description(keras));
        assertEquals("Imported from ONNX (pytorch 1.13.1, opset 13)", PresetTexts.description(onnx));
        Locale.setDefault(Locale.GERMAN);
        assertEquals("Aus Keras importiert", PresetTexts.description(keras));
        assertEquals("Aus ONNX importiert (pytorch 1.13.1, Opset 13)", PresetTexts.description(onnx));
        assertEquals("my notes", PresetTexts.description(own), "a user's description is shown as written");
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertEquals("Importado de ONNX (pytorch 1.13.1, opset 13)", PresetTexts.description(onnx));
        assertEquals("Importado de Keras", PresetTexts.description(keras));
    }
}
