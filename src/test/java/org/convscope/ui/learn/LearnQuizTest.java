package org.convscope.ui.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Learn screen's quiz on the hand-worked 4x4 case of {@link LearnViewModelTest} (g = dx = -0.0537883). */
class LearnQuizTest {

    private LearnViewModel vm;
    private LearnQuiz quiz;

    @BeforeEach
    void handWorkedCase() {
        vm = new LearnViewModel(new CurrentThreadTaskExecutor());
        vm.chooseSource("Example: 4x4 by hand");
        vm.setClasses(2);
        vm.setLabel(0);
        vm.setDenseWeights(new double[][] {{0.1, -0.1}});
        quiz = new LearnQuiz(vm);
    }

    private void answer(String typed) {
        quiz.answerProperty().set(typed);
        quiz.submit();
    }

    @Test
    void aKernelGradientIsHiddenUntilTheAnswerIsChecked() {
        vm.goTo(LearnStage.CONV_WEIGHTS); // dK1[0][0] = 2g = -0.1075766
        quiz.setActive(true);
        assertTrue(quiz.questionOpenProperty().get());
        assertTrue(quiz.promptProperty().get().startsWith("What is dK1[0][0]?"), quiz.promptProperty().get());
        LearnStep shown = quiz.shown(vm.current());
        assertEquals("dK1[0][0] = ?", shown.line());
        LearnPanel dK = shown.panels().get(3);
        assertArrayEquals(new int[] {0, 0}, dK.question());
        assertTrue(Double.isNaN(dK.values()[0][0]), "the answer is not drawn");
        double[][] products = shown.panels().get(2).values();
        assertTrue(Double.isNaN(products[0][1]), "the products, which add up to the answer, are hidden");
        assertEquals(2 * -0.0537883, vm.current().panels().get(2).values()[0][1], 1e-6, "and shown after the quiz");

        answer("-0,1076"); // a decimal comma
        assertEquals(Boolean.TRUE, quiz.lastRight());
        assertFalse(quiz.questionOpenProperty().get());
        assertTrue(quiz.workingProperty().get().endsWith("= -0.1076"), quiz.workingProperty().get());
        assertEquals(vm.current().line(), quiz.shown(vm.current()).line(), "revealed: the worked line is back");
        assertEquals("Score: 1 of 1 right", quiz.scoreProperty().get());

        quiz.submit(); // Enter: the next weight, dK1[0][1] = 0
        assertEquals(1, vm.step());
        assertTrue(quiz.questionOpenProperty().get());
        answer("0.01"); // 0.01 from 0 is more than 0.0005
        assertEquals(Boolean.FALSE, quiz.lastRight());
        assertTrue(quiz.verdictProperty().get().contains("the answer is 0"), quiz.verdictProperty().get());
        assertEquals("Score: 1 of 2 right", quiz.scoreProperty().get());
    }

    @Test
    void threeSignificantDigitsAreRightTwoAreNotForSmallGradients() {
        vm.goTo(LearnStage.CONV_WEIGHTS);
        quiz.setActive(true);
        answer("-0.108"); // within 1% of -0.1075766
        assertEquals(Boolean.TRUE, quiz.lastRight());
        vm.stepForward();
        quiz.sync();
        vm.stepBack(); // the same weight asked again
        quiz.sync();
        assertTrue(quiz.questionOpenProperty().get());
        answer("-0.11"); // 0.0024 off: more than 1%
        assertEquals(Boolean.FALSE, quiz.lastRight());
    }

    @Test
    void aTypingSlipIsNotCountedAndKeepsTheQuestion() {
        vm.goTo(LearnStage.UPDATE); // K1[0][0] after the update: 1.0107577
        quiz.setActive(true);
        answer("one");
        assertTrue(quiz.verdictProperty().get().contains("is not a number"), quiz.verdictProperty().get());
        assertTrue(quiz.questionOpenProperty().get());
        assertEquals("Score: 0 of 0 right", quiz.scoreProperty().get());
        answer("1.0108");
        assertEquals(Boolean.TRUE, quiz.lastRight());
    }

    @Test
    void enterAfterAStagesLastStepOpensTheNextStage() {
        vm.goTo(LearnStage.LOSS);
        vm.lastStep();
        quiz.setActive(true);
        answer("0.2689"); // delta[1]
        assertEquals(Boolean.TRUE, quiz.lastRight());
        quiz.submit();
        assertEquals(LearnStage.DENSE, vm.stage());
        assertTrue(quiz.promptProperty().get().startsWith("What is dW[0][0]?"), quiz.promptProperty().get());
    }

    @Test
    void leavingTheQuizShowsEverythingAgain() {
        vm.goTo(LearnStage.RELU);
        quiz.setActive(true);
        assertTrue(quiz.questionOpenProperty().get());
        quiz.toggle();
        assertFalse(quiz.questionOpenProperty().get());
        assertEquals(vm.current().line(), quiz.shown(vm.current()).line());
    }
}
