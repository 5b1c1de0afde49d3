package org.convscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.convscope.core.task.CancelToken;
import org.convscope.core.task.ProgressSink;
import org.convscope.data.CifarFormatException;
import org.convscope.data.CifarImages;
import org.convscope.data.CifarReader;
import org.convscope.data.SafeArchive;
import org.convscope.engine.Engine;
import org.convscope.imaging.ImageLoadException;
import org.convscope.imaging.Images;
import org.convscope.io.KerasH5;
import org.convscope.io.ModelFileException;
import org.convscope.io.lesson.Lesson;
import org.convscope.io.lesson.LessonFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bad input (a cut CIFAR-10 batch, archives that climb out with "..", a lesson from a newer version, random bytes
 * named .h5, a text file named .png, a picture given as a model) is refused in the language of the JVM: the same
 * message in English as before, and in German and Spanish with the same file names and numbers.
 */
class BadInputMessagesTest {

    /** Opening a lesson never reaches the engine when the file is refused first. */
    private static final Supplier<Engine> NO_ENGINE = () -> {
        throw new AssertionError("a refused lesson needs no engine");
    };

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

    /** {@code message} read with the JVM in each of English, German and Spanish. */
    private static String[] inEachLanguage(ThrowingSupplier message) throws Exception {
        String[] out = new String[3];
        Locale[] languages = {Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es-ES")};
        for (int i = 0; i < 3; i++) {
            Locale.setDefault(languages[i]);
            out[i] = message.get();
        }
        return out;
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        String get() throws Exception;
    }

    @Test
    void aCifarBatchCutShortSaysSoInEachLanguage() throws Exception {
        // two whole records (label 0, 3,072 pixel bytes) less 5 bytes: 2 * 3,073 - 5 = 6,141 bytes
        Path file = Files.write(dir.resolve("my_batch.bin"), new byte[2 * CifarImages.RECORD_BYTES - 5]);
        String[] m = inEachLanguage(() -> assertThrows(CifarFormatException.class,
                () -> CifarReader.readBatch(file, false, CancelToken.NEVER, ProgressSink.NONE)).getMessage());
        assertEquals("my_batch.bin holds 6,141 bytes, not a whole number of 3,073-byte records: the file is truncated"
                + " or not a CIFAR-10 binary batch", m[0]);
        assertEquals("my_batch.bin enthält 6,141 Byte, keine ganze Zahl von Datensätzen zu 3,073 Byte: Die Datei ist"
                + " abgeschnitten oder kein binärer CIFAR-10-Batch", m[1]);
        assertEquals("my_batch.bin contiene 6,141 bytes, que no son un número entero de registros de 3,073 bytes: el"
                + " archivo está truncado o no es un lote binario de CIFAR-10", m[2]);
    }

    @Test
    void aTarEntryThatClimbsOutIsRefusedInEachLanguage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry e = new TarArchiveEntry("../evil.txt", true);
            byte[] content = "x".getBytes(StandardCharsets.US_ASCII);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        Path archive = Files.write(dir.resolve("evil.tar.gz"), bytes.toByteArray());
        String[] m = inEachLanguage(() -> assertThrows(IOException.class, () -> SafeArchive.extractTarGz(archive,
                dir.resolve("out"), SafeArchive.Limits.CIFAR, CancelToken.NEVER, ProgressSink.NONE)).getMessage());
        assertEquals("evil.tar.gz: the entry \"../evil.txt\" climbs out of the folder with \"..\"; refused", m[0]);
        assertEquals("evil.tar.gz: Der Eintrag \"../evil.txt\" verlässt den Ordner mit \"..\"; abgelehnt", m[1]);
        assertEquals("evil.tar.gz: la entrada \"../evil.txt\" sale de la carpeta con \"..\"; rechazado", m[2]);
        assertTrue(Files.notExists(dir.resolve("evil.txt")) && Files.notExists(dir.resolve("out")), "nothing unpacked");
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    @Test
    void aLessonWithADotDotEntryIsRefusedInEachLanguage() throws Exception {
        Path lesson = zip("c.convscope-lesson", Map.of("images/../../evil.sh", new byte[] {1}));
        String[] m = inEachLanguage(() -> assertThrows(LessonFileException.class,
                () -> LessonFiles.open(lesson, NO_ENGINE)).getMessage());
        assertEquals("c.convscope-lesson: the entry \"images/../../evil.sh\" has an unsafe name (absolute, \"..\" or"
                + " control characters); refused", m[0]);
        assertEquals("c.convscope-lesson: Der Eintrag \"images/../../evil.sh\" hat einen unsicheren Namen (absolut,"
                + " \"..\" oder Steuerzeichen); abgelehnt", m[1]);
        assertEquals("c.convscope-lesson: la entrada \"images/../../evil.sh\" tiene un nombre inseguro (absoluto,"
                + " \"..\" o caracteres de control); rechazado", m[2]);
    }

    @Test
    void aLessonFromANewerVersionIsRefusedInEachLanguage() throws Exception {
        int newer = Lesson.FORMAT_VERSION + 1;
        Path lesson = zip("new.convscope-lesson", Map.of("lesson.json", ("{\"format\": \"convscope-lesson\","
                + " \"formatVersion\": " + newer + ", \"appVersion\": \"9.1.0\"}").getBytes(StandardCharsets.UTF_8)));
        String[] m = inEachLanguage(() -> assertThrows(LessonFileException.class,
                () -> LessonFiles.open(lesson, NO_ENGINE)).getMessage());
        int v = Lesson.FORMAT_VERSION;
        assertEquals("new.convscope-lesson was made by a newer ConvScope (9.1.0, lesson format " + newer + "); this"
                + " version reads lesson format " + v + " and older. Update ConvScope to open it.", m[0]);
        assertEquals("new.convscope-lesson wurde mit einer neueren ConvScope-Version erstellt (9.1.0, Lektionsformat "
                + newer + "); diese Version liest Lektionsformat " + v + " und älter. Aktualisieren Sie ConvScope, um sie"
                + " zu öffnen.", m[1]);
        assertEquals("new.convscope-lesson se creó con una versión más reciente de ConvScope (9.1.0, formato de lección "
                + newer + "); esta versión lee el formato de lección " + v + " y anteriores. Actualice ConvScope para"
                + " abrirla.", m[2]);
    }

    @Test
    void randomBytesNamedH5AreNoHdf5FileInEachLanguage() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path h5 = Files.write(dir.resolve("model.h5"), noise);
        String[] m = inEachLanguage(() -> assertThrows(ModelFileException.class, () -> KerasH5.read(h5)).getMessage());
        assertEquals("$: not an HDF5 file (it does not start with the HDF5 signature). Keras writes .h5 model files with"
                + " model.save(\"model.h5\").", m[0]);
        assertEquals("$: keine HDF5-Datei (sie beginnt nicht mit der HDF5-Signatur). Keras schreibt .h5-Modelldateien"
                + " mit model.save(\"model.h5\").", m[1]);
        assertEquals("$: no es un archivo HDF5 (no empieza con la firma HDF5). Keras escribe los archivos de modelo .h5"
                + " con model.save(\"model.h5\").", m[2]);
    }

    @Test
    void aTextFileNamedPngIsNoImageInEachLanguage() throws Exception {
        Path png = Files.writeString(dir.resolve("notes.png"), "not a picture, just notes\n");
        String[] m = inEachLanguage(() -> assertThrows(ImageLoadException.class,
                () -> Images.read(png, Images.DEFAULT_MAX_PIXELS)).getMessage());
        assertEquals("notes.png is not an image ConvScope can read, or it is damaged (supported: PNG, JPEG, BMP, TIFF,"
                + " WebP).", m[0]);
        assertEquals("notes.png ist kein Bild, das ConvScope lesen kann, oder es ist beschädigt (unterstützt: PNG, JPEG,"
                + " BMP, TIFF, WebP).", m[1]);
        assertEquals("notes.png no es una imagen que ConvScope pueda leer, o está dañada (formatos admitidos: PNG, JPEG,"
                + " BMP, TIFF, WebP).", m[2]);
    }

    @Test
    void aPictureGivenAsAModelIsNamedForWhatItIsInEachLanguage() throws Exception {
        // a PNG signature is enough for ModelFiles to know a picture
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path cat = Files.write(dir.resolve("cat.png"), head);
        String[] m = inEachLanguage(() -> assertThrows(ModelFiles.UnusableFileException.class,
                () -> ModelFiles.open(cat, NO_ENGINE)).getMessage());
        assertEquals("cat.png is a PNG image, not a model. Give images with -i/--image, and the model with -m/--model"
                + " FILE or -p/--preset NAME.", m[0]);
        assertEquals("cat.png ist ein PNG-Bild, kein Modell. Geben Sie Bilder mit -i/--image an und das Modell mit"
                + " -m/--model DATEI oder -p/--preset NAME.", m[1]);
        assertEquals("cat.png es una imagen PNG, no un modelo. Indique las imágenes con -i/--image, y el modelo con"
                + " -m/--model ARCHIVO o -p/--preset NOMBRE.", m[2]);
    }

    @Test
    void aTrainingSettingReadsInEachLanguage() throws Exception {
        // a setting a user types (convscope train --lr-step 0): refused by core in the JVM's language
        String[] m = inEachLanguage(() -> assertThrows(IllegalArgumentException.class,
                () -> new org.convscope.core.train.LearningRateSchedule(
                        org.convscope.core.train.LearningRateSchedule.Kind.CONSTANT, 0)).getMessage());
        assertEquals("the step must be at least 1 epoch, got 0", m[0]);
        assertEquals("Der Schritt muss mindestens 1 Epoche sein, angegeben: 0", m[1]);
        assertEquals("el paso debe ser de al menos 1 época; se indicó 0", m[2]);
    }
}
