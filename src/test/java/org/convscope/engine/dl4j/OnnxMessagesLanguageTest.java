package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.convscope.io.KerasJson;
import org.convscope.io.ModelFileException;
import org.convscope.io.OnnxImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged ONNX file is refused in the JVM's language: a real model cut in half, and an empty file, read by
 * {@link OnnxFile} (protobuf only, no engine needed). Why a node of a readable model is not shown is given in it too.
 */
class OnnxMessagesLanguageTest {

    @TempDir
    Path dir;

    private Locale before;

    @BeforeEach
    void remember() {
        before = Locale.getDefault();
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    private static String refused(Path file) {
        return assertThrows(ModelFileException.class, () -> OnnxFile.read(file)).getMessage();
    }

    @Test
    void aCutOnnxFileIsDamagedInEachLanguage() throws Exception {
        byte[] chain = Files.readAllBytes(OnnxImportTest.DIR.resolve("chain.onnx"));
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(chain, chain.length / 2));
        Locale.setDefault(Locale.ENGLISH);
        assertTrue(refused(cut).startsWith("$: cut.onnx is not a valid ONNX file: its protobuf data is damaged or"
                + " truncated ("), refused(cut));
        Locale.setDefault(Locale.GERMAN);
        assertTrue(refused(cut).startsWith("$: cut.onnx ist keine gültige ONNX-Datei: Die Protobuf-Daten sind"
                + " beschädigt oder abgeschnitten ("), refused(cut));
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertTrue(refused(cut).startsWith("$: cut.onnx no es un archivo ONNX válido: sus datos protobuf están dañados"
                + " o truncados ("), refused(cut));
    }

    @Test
    void anEmptyOnnxFileHoldsNoGraphInEachLanguage() throws Exception {
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("$: empty.onnx holds no ONNX graph (damaged, or not an ONNX model).", refused(empty));
        Locale.setDefault(Locale.GERMAN);
        assertEquals("$: empty.onnx enthält keinen ONNX-Graphen (beschädigt oder kein ONNX-Modell).", refused(empty));
        Locale.setDefault(Locale.forLanguageTag("es-AR"));
        assertEquals("$: empty.onnx no contiene ningún grafo ONNX (dañado, o no es un modelo ONNX).", refused(empty));
    }

    /** Why pool_uneven.onnx's MaxPool (padded above and left only) is not shown, in the JVM's language. */
    private static KerasJson.Unsupported unevenPool() throws Exception {
        return OnnxImport.convert(OnnxFile.read(OnnxImportTest.DIR.resolve("pool_uneven.onnx"))).imported()
                .unsupported().get(0);
    }

    @Test
    void whyANodeIsNotShownIsInEachLanguage() throws Exception {
        Locale.setDefault(Locale.ENGLISH);
        assertEquals("pool_above_left", unevenPool().name());
        assertEquals("MaxPool with padding (top, left, bottom, right) = [1, 1, 0, 0]; ConvScope pads every side alike,"
                + " or as Keras' 'same' (the odd cell below and right, left out of the window)", unevenPool().reason());
        Locale.setDefault(Locale.GERMAN);
        assertEquals("MaxPool mit Auffüllung (oben, links, unten, rechts) = [1, 1, 0, 0]; ConvScope füllt jede Seite"
                + " gleich auf oder wie 'same' in Keras (die ungerade Zelle unten und rechts, außerhalb des Fensters)",
                unevenPool().reason());
        Locale.setDefault(Locale.forLanguageTag("es"));
        assertEquals("MaxPool con relleno (arriba, izquierda, abajo, derecha) = [1, 1, 0, 0]; ConvScope rellena todos"
                + " los lados igual, o como 'same' de Keras (la celda impar abajo y a la derecha, fuera de la ventana)",
                unevenPool().reason());
    }
}
