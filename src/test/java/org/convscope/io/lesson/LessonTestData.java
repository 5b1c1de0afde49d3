package org.convscope.io.lesson;

import java.util.List;
import java.util.Map;

/** A lesson with no field at its default, so that a round trip that drops or mixes up any field shows. */
public final class LessonTestData {

    private LessonTestData() {
    }

    /** Every field set, none to a default. */
    public static Lesson full() {
        Lesson.Stepper stepper = new Lesson.Stepper("Image: cat.png", "images/stepper-cat.png", 28, "RED", true,
                "NEAREST", "POOLING", "custom", List.of(List.of(1.0, 0.0, -1.0), List.of(2.0, 0.5, -2.0)), List.of(2, 1),
                "1", 0.25, true, true, List.of(3, 2), List.of(1, 2), "same", "MIXED", 0.75, 5, 0);
        Lesson.Maps maps = new Lesson.Maps("horse.png", 3, true, "PER_LAYER", "VIRIDIS", 1, 2);
        Lesson.Train train = new Lesson.Train(Map.of("train-epochs", "7", "train-lr", "0.005", "train-augment", "true"),
                true, List.of(1, 2), "epoch,loss\n1,2.1\n2,1.7\n");
        return new Lesson(1, "9.9-test", "Stride and padding", "Ask: what does stride 2 do?\nThen show padding.",
                "stepper", true, true, List.of("conv-stride", "kernel-preset"), stepper, maps, train);
    }
}
