package org.convscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void confusionMatrixAccuracyAndRecall() {
        Evaluation e = new Evaluation(List.of("cat", "dog", "horse"));
        e.add(0, 0);
        e.add(0, 1);
        e.add(1, 1);
        e.add(2, 2);
        e.add(2, 0);
        assertEquals(5, e.total());
        assertEquals(3 / 5.0, e.accuracy(), 1e-12);
        assertArrayEquals(new long[] {1, 1, 0}, e.matrix()[0]);
        String t = e.table();
        List<String> rows = t.lines().toList();
        assertEquals(List.of("true\\pred", "cat", "dog", "horse", "recall"), List.of(rows.get(0).trim().split("\\s+")));
        assertEquals(List.of("cat", "1", "1", "0", "0.500"), List.of(rows.get(1).trim().split("\\s+")));
        assertEquals(List.of("dog", "0", "1", "0", "1.000"), List.of(rows.get(2).trim().split("\\s+")));
        assertEquals(List.of("horse", "1", "0", "1", "0.500"), List.of(rows.get(3).trim().split("\\s+")));
        assertEquals(rows.get(0).indexOf("recall"), rows.get(1).indexOf("0.500"), "columns line up");
        // by hand: cat column (cat, horse predicted as cat) = 1 + 1 -> precision 1/2; dog column 1 + 1 -> 1/2;
        // horse column 0 + 0 + 1 -> 1/1. Recall rows: cat 1/2, dog 1/1, horse 1/2.
        assertEquals(0.5, e.precision(0), 1e-12);
        assertEquals(0.5, e.precision(1), 1e-12);
        assertEquals(1.0, e.precision(2), 1e-12);
        assertEquals(0.5, e.recall(0), 1e-12);
        assertEquals(1.0, e.recall(1), 1e-12);
        assertEquals(0.5, e.recall(2), 1e-12);
        Evaluation empty = new Evaluation(List.of("a", "b"));
        empty.add(0, 0);
        assertTrue(Double.isNaN(empty.precision(1)), "nothing predicted as b");
        assertTrue(Double.isNaN(empty.recall(1)), "no b images");
    }

    @Test
    void softmaxAndTopK() {
        // softmax(0, ln 2, ln 3) = (1, 2, 3) / 6
        double[] p = Evaluation.probabilities(new double[] {0, Math.log(2), Math.log(3)}, false);
        assertEquals(1 / 6.0, p[0], 1e-12);
        assertEquals(3 / 6.0, p[2], 1e-12);
        assertArrayEquals(new double[] {0.2, 0.8}, Evaluation.probabilities(new double[] {0.2, 0.8}, true), 0.0);
        assertArrayEquals(new int[] {2, 1}, Evaluation.topK(p, 2));
        // Large logits do not overflow: subtracting the max keeps exp finite.
        double[] big = Evaluation.probabilities(new double[] {1000, 1001}, false);
        assertEquals(1 / (1 + Math.E), big[0], 1e-12);
    }
}
