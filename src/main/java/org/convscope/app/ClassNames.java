package org.convscope.app;

import static org.convscope.core.text.CoreText.tr;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convscope.engine.CompiledModel;

/**
 * The names of a model's classes: the ones it was trained or saved with ({@link CompiledModel#classNames()}), or
 * ones the user gives in a labels file (one name per line); without either, class {@code k} is {@code "class k"}.
 * A model is never given CIFAR-10's names just because it has ten outputs: an MNIST digit 7 is not a "horse".
 */
public final class ClassNames {

    /** A labels file larger than this is refused (ImageNet's 1,000 names take about 20 KB). */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private ClassNames() {
    }

    /**
     * Returns the name of class {@code k}.
     *
     * @param names the class names, index = class; empty when unknown
     * @param k the class, 0-based
     * @return {@code names.get(k)}, or {@code "class k"} when the names do not cover it
     */
    public static String name(List<String> names, int k) {
        return k >= 0 && k < names.size() ? names.get(k) : "class " + k;
    }

    /**
     * Returns the names to use for a model: those in {@code labels} when given, else the model's own.
     *
     * @param model the network
     * @param labels a labels file, or null
     * @return the names, index = class; empty when unknown
     * @throws IOException if the labels file cannot be read or does not fit the model (the message names it and why)
     */
    public static List<String> of(CompiledModel model, Path labels) throws IOException {
        if (labels == null) {
            return model.classNames();
        }
        var layers = org.convscope.core.analysis.ModelAnalyzer.analyze(model.spec()).layers();
        long outputs = layers.isEmpty() ? 0 : layers.get(layers.size() - 1).output().elements();
        return read(labels, (int) Math.min(outputs, Integer.MAX_VALUE));
    }

    /**
     * Reads a labels file: UTF-8 text, one class name per line in class order (a last empty line is fine).
     *
     * @param file the file
     * @param classes how many classes the model has
     * @return the names
     * @throws IOException naming the file and what is wrong: missing, too large, not text, an empty line, a name used
     *         twice, or another count than the model's classes
     */
    public static List<String> read(Path file, int classes) throws IOException {
        String name = String.valueOf(file.getFileName());
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException(tr("error.labels.tooLarge", name, MAX_FILE_BYTES / 1024));
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new IOException(tr("error.labels.notFound", file), e);
        } catch (CharacterCodingException e) {
            throw new IOException(tr("error.labels.notUtf8", name), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(text.lines().map(String::strip).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new IOException(tr("error.labels.emptyLine", name, i + 1));
            }
            if (lines.indexOf(lines.get(i)) < i) {
                throw new IOException(tr("error.labels.duplicate", name, lines.get(i), lines.indexOf(lines.get(i)) + 1,
                        i + 1));
            }
        }
        if (lines.size() != classes) {
            throw new IOException(tr("error.labels.count", name, lines.size(), classes));
        }
        return List.copyOf(lines);
    }
}
