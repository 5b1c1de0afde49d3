package org.convscope.io.lesson;

import static org.convscope.core.text.CoreText.tr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code lesson.json}, the description inside a lesson file: {@code {"format": "convscope-lesson",
 * "formatVersion": 1, "appVersion": ..., "title": ..., ...}} with {@link Lesson}'s fields as their names say.
 *
 * <p>Reading is data binding to plain records: nothing in the file names a class or is run. A lesson of a newer
 * format version is refused (this version would drop what it does not know), as is anything out of range.
 */
public final class LessonJson {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "convscope-lesson";
    /** The largest {@code lesson.json} read: the notes are text, the rest a few hundred bytes. */
    public static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a later 1.x may add fields
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private LessonJson() {
    }

    /** Returns the lesson as {@code lesson.json}'s text. */
    public static String write(Lesson lesson) {
        ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT);
        root.setAll((ObjectNode) MAPPER.valueToTree(lesson));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lesson is plain values and always writes", e);
        }
    }

    /**
     * Reads {@code lesson.json}.
     *
     * @param json the text
     * @param file the lesson file's name, for messages
     * @return the lesson
     * @throws LessonFileException naming the file: not a lesson, a newer format version, or a bad value
     */
    public static Lesson parse(String json, String file) throws LessonFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LessonFileException(tr("error.lesson.badJson", file, e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new LessonFileException(tr("error.lesson.noFormat", file, FORMAT));
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version > Lesson.FORMAT_VERSION) {
            throw new LessonFileException(tr("error.lesson.newer", file, root.path("appVersion").asText("?"), version,
                    Lesson.FORMAT_VERSION));
        }
        if (version < 1) {
            throw new LessonFileException(tr("error.lesson.noVersion", file));
        }
        ((ObjectNode) root).remove("format");
        Lesson lesson;
        try {
            lesson = MAPPER.treeToValue(root, Lesson.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new LessonFileException(tr("error.lesson.notALesson", file,
                    e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        check(lesson, file);
        return lesson;
    }

    /** Refuses values no screen could show, naming the field. */
    private static void check(Lesson l, String file) throws LessonFileException {
        require(Lesson.SCREENS.contains(l.screen()), file, "screen", tr("error.lesson.oneOf", l.screen(), Lesson.SCREENS));
        require(l.title().length() <= 200, file, "title", tr("error.lesson.titleLong"));
        require(l.locked().size() <= 200 && l.locked().stream().allMatch(id -> id != null && id.matches("[A-Za-z0-9_-]{1,80}")),
                file, "locked", tr("error.lesson.notControlIds"));
        Lesson.Stepper s = l.stepper();
        require(s.workingSize() >= 2 && s.workingSize() <= 512, file, "stepper.workingSize", s.workingSize() + " (2-512)");
        int rows = s.kernel().size();
        require(rows >= 1 && rows <= 11 && s.kernel().stream().allMatch(r -> r.size() == s.kernel().get(0).size()
                && r.size() <= 11 && r.stream().allMatch(v -> v != null && Double.isFinite(v))), file, "stepper.kernel",
                tr("error.lesson.kernelRect"));
        for (List<Integer> pair : List.of(s.strides(), s.pool(), s.poolStrides())) {
            require(pair.size() == 2 && pair.stream().allMatch(v -> v != null && v >= 1 && v <= 64), file,
                    "stepper.strides/pool/poolStrides", tr("error.lesson.twoNumbers", pair));
        }
        require(padding(s.padding()) && padding(s.poolPadding()), file, "stepper.padding", tr("error.lesson.paddingRange",
                s.padding(), s.poolPadding()));
        require(Double.isFinite(s.bias()) && s.poolLambda() >= 0 && s.poolLambda() <= 1, file, "stepper.bias/poolLambda",
                tr("error.lesson.notFiniteRange"));
        require(s.position() >= 0 && s.viewChannel() >= 0, file, "stepper.position", tr("error.lesson.negative"));
        require(s.image() == null || s.image().matches("images/[A-Za-z0-9._-]{1,100}"), file, "stepper.image", s.image());
        Lesson.Maps m = l.featureMaps();
        require(m.image() != null && m.image().matches("(images/)?[A-Za-z0-9._-]{1,100}"), file, "featureMaps.image",
                String.valueOf(m.image()));
        require(m.layer() >= 1 && m.page() >= 0 && m.epoch() >= 0, file, "featureMaps", tr("error.lesson.mapsRange"));
        require(l.train().settings().size() <= 100, file, "train.settings", tr("error.lesson.tooManySettings"));
        require(l.train().checkpoints().stream().allMatch(e -> e != null && e >= 1 && e <= 10_000)
                && l.train().checkpoints().size() <= 1000, file, "train.checkpoints", tr("error.lesson.notEpochs"));
    }

    private static boolean padding(String p) {
        return p != null && (p.equalsIgnoreCase("valid") || p.equalsIgnoreCase("same") || p.matches("[0-9]|[12][0-9]|3[0-2]"));
    }

    private static void require(boolean ok, String file, String field, String what) throws LessonFileException {
        if (!ok) {
            throw new LessonFileException(tr("error.lesson.badValue", file, field, what));
        }
    }
}
