package org.convscope.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.convscope.io.ModelFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged ONNX file is refused in the JVM's language: a real model cut in half, and an empty file, read by
 * {@link OnnxFile} (protobuf only, no engine needed).
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
}
