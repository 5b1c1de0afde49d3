package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.convscope.core.model.ModelSpec;
import org.convscope.engine.CompiledModel;
import org.convscope.engine.Engine;
import org.convscope.engine.ImportedModel;
import org.convscope.io.KerasH5;
import org.convscope.io.KerasJson;
import org.convscope.io.ModelFileException;
import org.convscope.io.ModelJson;

/**
 * Opens a model file of any kind ConvScope reads, chosen by what the file holds (its first bytes), not by its name:
 * a ConvScope model ({@code *.convscope.json}), a saved trained model ({@code *.convscope.zip}), a lesson
 * ({@code *.convscope-lesson}: its model and weights), a Keras {@code .h5} or Keras 3 {@code .keras} file with its
 * weights, an ONNX model with its weights, or a Keras {@code model.to_json()} architecture. Files it cannot open
 * (PyTorch, another zip, an image, an empty file) are named for what they are,
 * with what to do.
 * The command line and the app's File &gt; Open both open files here.
 */
public final class ModelFiles {

    /** What a file holds, as far as opening models goes. */
    public enum Kind {
        /** A ConvScope model file: the architecture only. */
        CONVSCOPE_JSON("a ConvScope model file", true),
        /** A saved trained model: the model and its weights. */
        CONVSCOPE_TRAINED("a saved trained ConvScope model", true),
        /** A lesson ({@code *.convscope-lesson}): a model, perhaps its weights, and the screens' settings. */
        CONVSCOPE_LESSON("a ConvScope lesson", true),
        /** A Keras HDF5 model file with its weights. */
        KERAS_H5("a Keras model file (.h5)", true),
        /** A Keras {@code model.to_json()} architecture. */
        KERAS_JSON("a Keras architecture (model.to_json())", true),
        /** A Keras 3 model: a zip with {@code config.json}, {@code metadata.json} and {@code model.weights.h5}. */
        KERAS_V3("a Keras 3 model (.keras)", true),
        /** An ONNX model (a protobuf {@code ModelProto}). */
        ONNX("an ONNX model", true),
        /** A PyTorch model (a zip with a pickled {@code data.pkl}). */
        PYTORCH("a PyTorch model", false),
        /** Some other zip archive. */
        ZIP("a zip archive", false),
        /** A picture. */
        IMAGE("an image", false),
        /** A file with nothing in it. */
        EMPTY("an empty file", false),
        /** No such file. */
        MISSING("a file that does not exist", false),
        /** Anything else. */
        UNKNOWN("not a model file ConvScope knows", false);

        private final boolean openable;

        /** {@code description} is the English text, kept here to read; the bundles' {@code error.kind.*} are shown. */
        Kind(String description, boolean openable) {
            this.openable = openable;
        }

        /** Returns what the kind is, in words, e.g. {@code "a Keras 3 model (.keras)"}, in the JVM's language. */
        public String description() {
            return tr("error.kind." + name());
        }

        /** True when {@link ModelFiles#open} reads files of this kind. */
        public boolean openable() {
            return openable;
        }
    }

    /** A file that is not a model ConvScope can use (here); the message names the file, what it is and what to do. */
    public static final class UnusableFileException extends IOException {

        private static final long serialVersionUID = 1L;

        private final Kind kind;

        UnusableFileException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        /** Returns what the file holds. */
        public Kind kind() {
            return kind;
        }
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};
    /** Protobuf tags that follow {@code ir_version} in an ONNX {@code ModelProto}: fields 2-8 and 14. */
    private static final int[] ONNX_NEXT_TAGS = {0x12, 0x1A, 0x22, 0x28, 0x32, 0x3A, 0x42, 0x72};
    private static final int HEAD_BYTES = 4096;

    private ModelFiles() {
    }

    /**
     * Tells what a file holds from its first bytes (and, for a zip, the names of its entries); the name decides only
     * when the content says nothing (a damaged {@code .h5} still goes to the Keras reader, which says what is wrong).
     *
     * @param file the file
     * @return its kind; {@link Kind#MISSING} when it does not exist
     */
    public static Kind detect(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (NoSuchFileException e) {
            return Kind.MISSING;
        } catch (IOException e) {
            return byName(file);
        }
        if (head.length == 0) {
            return Kind.EMPTY;
        }
        if (startsWith(head, HDF5) || KerasH5.isHdf5(file)) {
            return Kind.KERAS_H5;
        }
        if (startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP)) {
            return zipKind(file);
        }
        if (image(head) != null) {
            return Kind.IMAGE;
        }
        if (onnx(head) || name(file).endsWith(".onnx")) {
            return Kind.ONNX;
        }
        Kind json = jsonKind(head);
        return json != null ? json : byName(file);
    }

    /**
     * Opens a model file of any kind in {@link Kind#openable()}.
     *
     * @param file the file
     * @param engine gives the engine for files with weights (only those load it)
     * @return the model, with its weights where the file has them
     * @throws ModelFileException if a ConvScope JSON, Keras JSON, {@code .h5} or ONNX file is not valid; the message
     *         says where
     * @throws UnusableFileException if the file is of a kind ConvScope cannot open; the message says what to do
     * @throws IOException if a saved trained model cannot be read (the message says why)
     */
    public static OpenedModel open(Path file, Supplier<? extends Engine> engine) throws IOException, ModelFileException {
        Kind kind = detect(file);
        switch (kind) {
            case CONVSCOPE_JSON:
                return new OpenedModel(file, kind, ModelJson.read(file), Optional.empty(), List.of(), "");
            case KERAS_JSON:
                return new OpenedModel(file, kind, readKerasJson(file), Optional.empty(),
                        List.of(tr("opened.kerasNoWeights")), "Keras");
            case CONVSCOPE_TRAINED: {
                CompiledModel m = engine.get().load(file);
                return new OpenedModel(file, kind, m.spec(), Optional.of(m), List.of(), "");
            }
            case CONVSCOPE_LESSON: {
                LessonState lesson = LessonFiles.open(file, engine);
                return new OpenedModel(file, kind, lesson.model(), lesson.weights(), List.of(
                        tr("opened.lessonNote", lesson.lesson().title())),
                        "lesson");
            }
            case KERAS_H5:
            case KERAS_V3: {
                org.convscope.io.KerasH5.Contents contents = kind == Kind.KERAS_V3
                        ? org.convscope.io.KerasV3.read(file) : org.convscope.io.KerasH5.read(file);
                ImportedModel imported = engine.get().importKeras(file, contents);
                return new OpenedModel(file, kind, imported.model().spec(), Optional.of(imported.model()),
                        imported.structure().describeOmissions(), "Keras " + imported.kerasVersion());
            }
            case ONNX: { // chains and graphs alike, with their weights
                ImportedModel imported = engine.get().importOnnx(file);
                return new OpenedModel(file, kind, imported.model().spec(), Optional.of(imported.model()),
                        imported.structure().describeOmissions(tr("error.partial.onnxNodes")), imported.kerasVersion());
            }
            default:
                throw new UnusableFileException(kind, cannotOpen(file, kind));
        }
    }

    /**
     * Says why a file of a kind ConvScope cannot open is refused, and what to do instead.
     *
     * @param file the file
     * @param kind its kind, from {@link #detect}
     * @return one or two sentences naming the file
     */
    public static String cannotOpen(Path file, Kind kind) {
        String name = String.valueOf(file.getFileName());
        switch (kind) {
            case ONNX: // opened by open(); named here for the readers that take only Keras files (import-keras)
                return tr("error.open.onnxNotKeras", name);
            case PYTORCH:
                return tr("error.open.pytorch", name);
            case ZIP:
                return tr("error.open.zip", name);
            case IMAGE:
                return tr("error.open.image", name, imageName(file));
            case EMPTY:
                return tr("error.open.empty", name);
            case MISSING:
                return tr("error.file.missing", file);
            default:
                return tr("error.open.unknown", name);
        }
    }

    /**
     * Says that a model has no trained weights and how to get some.
     *
     * @param what the model, e.g. {@code "cnn.json is a ConvScope model file without trained weights"}
     * @param task what needs the weights, e.g. {@code "gradcam"}
     * @param modelArgument how {@code convscope train} names the model, e.g. {@code --preset lenet5}
     * @return the message
     */
    public static String withoutWeights(String what, String task, String modelArgument) {
        return tr("error.open.withoutWeights", what, task, modelArgument);
    }

    private static Kind zipKind(Path file) {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().limit(10_000).map(ZipEntry::getName).forEach(names::add);
        } catch (IOException e) {
            // damaged: a *.zip goes to the ConvScope reader, which says what is wrong
            return name(file).endsWith(LessonFiles.EXTENSION) ? Kind.CONVSCOPE_LESSON
                    : name(file).endsWith(".zip") ? Kind.CONVSCOPE_TRAINED : Kind.ZIP;
        }
        if (names.contains(LessonFiles.LESSON)) {
            return Kind.CONVSCOPE_LESSON;
        }
        if (names.contains("model.convscope.json")) {
            return Kind.CONVSCOPE_TRAINED;
        }
        if (names.contains("config.json") && (names.contains("metadata.json") || names.contains("model.weights.h5"))) {
            return Kind.KERAS_V3;
        }
        if (names.stream().anyMatch(n -> n.endsWith("data.pkl"))) {
            return Kind.PYTORCH;
        }
        return name(file).endsWith(".keras") ? Kind.KERAS_V3 : Kind.ZIP;
    }

    /** ONNX: field 1 ({@code ir_version}, a small varint) first, then another field of {@code ModelProto}. */
    private static boolean onnx(byte[] head) {
        if (head.length < 3 || head[0] != 0x08 || head[1] < 1 || head[1] > 20) {
            return false;
        }
        int next = head[2] & 0xFF;
        return Arrays.stream(ONNX_NEXT_TAGS).anyMatch(t -> t == next);
    }

    /** A JSON object: ConvScope's when it names its format, Keras' when it has Keras' {@code class_name}. */
    private static Kind jsonKind(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        String s = text.startsWith("\uFEFF") ? text.substring(1).strip() : text.strip();
        if (!s.startsWith("{")) {
            return null;
        }
        if (s.contains("\"" + ModelJson.FORMAT + "\"")) {
            return Kind.CONVSCOPE_JSON;
        }
        boolean keras = s.contains("\"class_name\"") && s.contains("\"config\"");
        return keras ? Kind.KERAS_JSON : Kind.CONVSCOPE_JSON;
    }

    private static Kind byName(Path file) {
        String n = name(file);
        if (KerasH5.hasH5Name(file)) {
            return Kind.KERAS_H5;
        }
        if (n.endsWith(LessonFiles.EXTENSION)) {
            return Kind.CONVSCOPE_LESSON;
        }
        if (n.endsWith(".zip")) {
            return Kind.CONVSCOPE_TRAINED;
        }
        if (n.endsWith(".keras")) {
            return Kind.KERAS_V3;
        }
        return n.endsWith(".json") ? Kind.CONVSCOPE_JSON : Kind.UNKNOWN;
    }

    private static String imageName(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String type = image(in.readNBytes(16));
            return type == null ? tr("error.kind.IMAGE") : tr("error.kind.imageOf", type);
        } catch (IOException e) {
            return tr("error.kind.IMAGE");
        }
    }

    /** Returns the image format the bytes start with, or null. */
    private static String image(byte[] h) {
        if (startsWith(h, PNG)) {
            return "PNG";
        }
        if (startsWith(h, JPEG)) {
            return "JPEG";
        }
        String ascii = new String(h, 0, Math.min(h.length, 12), StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("GIF8")) {
            return "GIF";
        }
        if (ascii.startsWith("BM") && h.length >= 14) {
            return "BMP";
        }
        if (ascii.startsWith("II*\0") || ascii.startsWith("MM\0*")) {
            return "TIFF";
        }
        return ascii.startsWith("RIFF") && ascii.length() >= 12 && ascii.substring(8, 12).equals("WEBP") ? "WebP" : null;
    }

    private static ModelSpec readKerasJson(Path file) throws IOException, ModelFileException {
        long size = Files.size(file);
        if (size > ModelJson.MAX_FILE_BYTES) {
            throw new UnusableFileException(Kind.KERAS_JSON, tr("error.open.kerasJsonTooLarge", file.getFileName(),
                    size / 1024));
        }
        return KerasJson.importJson(Files.readString(file));
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String name(Path file) {
        Path n = file.getFileName();
        return n == null ? "" : n.toString().toLowerCase(Locale.ROOT);
    }
}
