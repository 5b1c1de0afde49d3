package org.convscope.ui.learn;

import java.util.List;

/**
 * What the Learn screen shows for one step of a stage: the matrices, the worked line, and the number the quiz
 * can ask for.
 *
 * @param stage the stage
 * @param formula the stage's rule with its numbers, e.g. the loss {@code -log(p_true) = -log(0.23) = 1.47}
 * @param panels the matrices, left to right
 * @param line the step's arithmetic, written out
 * @param asked what the quiz asks, e.g. {@code dK1[0][1]}, or null when the step has no single number to predict
 * @param answer the number asked for (from {@code core.backprop})
 * @param answerPanel the panel holding that number
 * @param answerRow its row there
 * @param answerCol its column there
 */
record LearnStep(LearnStage stage, String formula, List<LearnPanel> panels, String line, String asked, double answer,
                 int answerPanel, int answerRow, int answerCol) {

    /** A step with nothing to predict. */
    static LearnStep plain(LearnStage stage, String formula, List<LearnPanel> panels, String line) {
        return new LearnStep(stage, formula, panels, line, null, Double.NaN, -1, -1, -1);
    }

    /** True when the quiz can ask for this step's number. */
    boolean askable() {
        return asked != null && Double.isFinite(answer);
    }
}
