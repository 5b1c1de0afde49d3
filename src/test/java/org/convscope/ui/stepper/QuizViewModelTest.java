package org.convscope.ui.stepper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.core.conv.PoolSettings;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

/** The stepper's quiz and what the screen shows meanwhile (StepperFrame), without the toolkit. */
class QuizViewModelTest {

    private final StepperViewModel vm = new StepperViewModel(new CurrentThreadTaskExecutor());
    private final QuizViewModel quiz = new QuizViewModel(vm);

    private void answer(String typed) {
        quiz.answerProperty().set(typed);
        quiz.submit();
        quiz.sync(); // as the screen does before each redraw
    }

    private StepperFrame frame() {
        quiz.sync();
        return StepperFrame.of(vm, quiz);
    }

    @Test
    void convolutionShapeThenCellsWithTheirAnswersHiddenUntilChecked() {
        vm.runToEnd();
        quiz.setActive(true);
        assertEquals(0, vm.cursorProperty().get(), "the quiz starts at the first cell");
        assertTrue(quiz.questionOpenProperty().get());
        assertTrue(quiz.promptProperty().get().startsWith("Output shape (rows x columns x channels) of a 5 x 5 x 1 input"),
                quiz.promptProperty().get());
        StepperFrame f = frame();
        assertEquals(StepperFrame.hiddenFormula(), f.formula());
        assertEquals("= ?", f.sum());
        assertTrue(f.outputHidden());
        assertFalse(f.imageShown());

        answer("3 x 3 x 1");
        assertEquals("\u2714 Right: 3 x 3 x 1", quiz.verdictProperty().get());
        assertEquals(QuizViewModel.Outcome.RIGHT, quiz.outcome());
        assertFalse(quiz.questionOpenProperty().get());
        assertEquals("Output rows: floor((5 - 3)/1) + 1 = 3    columns: floor((5 - 3)/1) + 1 = 3", frame().formula());
        assertEquals("= ?", frame().sum(), "the first cell is the next question: still hidden");

        quiz.submit(); // Enter: next question, cell (0, 0)
        assertTrue(quiz.questionOpenProperty().get());
        assertEquals("", quiz.answerProperty().get());
        assertArrayEquals(new int[] {0, 0}, frame().questionCell());
        assertEquals(0, frame().shownCells());
        assertFalse(frame().productsShown());
        answer("six");
        assertTrue(quiz.verdictProperty().get().contains("is not a number"), quiz.verdictProperty().get());
        assertTrue(quiz.questionOpenProperty().get(), "a typing slip keeps the question open");
        assertEquals("Score: 1 of 1 right", quiz.scoreProperty().get());
        answer("5");
        assertEquals("\u2718 Not quite: you said 5, the answer is 6", quiz.verdictProperty().get());
        assertEquals(QuizViewModel.Outcome.WRONG, quiz.outcome());
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", quiz.workingProperty().get());
        assertEquals("7*1 + 2*0 + 3*(-1) + 4*1 + 5*0 + 3*(-1) + 3*1 + 3*0 + 2*(-1) = 6", frame().sum());
        assertEquals(1, frame().shownCells());
        assertEquals("Score: 1 of 2 right", quiz.scoreProperty().get());

        quiz.submit(); // next: cell (0, 1) = (2+5+3) - (3+8+8) = -9
        assertEquals(1, vm.cursorProperty().get());
        assertTrue(quiz.questionOpenProperty().get());
        assertTrue(quiz.promptProperty().get().startsWith("What is output cell (0, 1)?"), quiz.promptProperty().get());
        answer("-9");
        assertEquals("\u2714 Right: -9", quiz.verdictProperty().get());

        quiz.setActive(false);
        assertFalse(quiz.questionOpenProperty().get());
        assertTrue(frame().sum().endsWith("= -9"), "out of the quiz nothing is hidden");
    }

    @Test
    void maxPoolingDoesNotMarkTheWinningCellBeforeTheAnswer() {
        vm.setMode(StepperViewModel.Mode.POOLING);
        vm.setPoolSettings(new PoolSettings(Size2.square(2), Size2.square(2), Padding.VALID, PoolSettings.Mode.MAX, 1));
        assertArrayEquals(new int[] {0, 0}, frame().marker(), "out of the quiz: max(7, 2, 4, 5) = 7 at (0, 0) is marked");
        vm.jumpTo(0, 1);
        assertArrayEquals(new int[] {1, 3}, frame().marker(), "window rows 0-1, columns 2-3: max(3, 3, 3, 8) = 8 at (1, 3)");

        quiz.setActive(true);
        assertNull(frame().marker(), "the shape question");
        answer("2 x 2 x 1");
        assertNull(frame().marker(), "cell (0, 0) is the next question");
        quiz.submit();
        assertTrue(quiz.questionOpenProperty().get());
        assertNull(frame().marker(), "cell (0, 0) is asked: its maximum is not circled");
        assertEquals("= ?", frame().sum());
        answer("7");
        assertEquals("\u2714 Right: 7", quiz.verdictProperty().get());
        assertArrayEquals(new int[] {0, 0}, frame().marker(), "revealed: now it is circled");
        assertEquals("max(7, 2, 4, 5) = 7", frame().sum());
        quiz.submit();
        assertEquals(1, vm.cursorProperty().get());
        assertNull(frame().marker(), "cell (0, 1) is asked");
    }

    @Test
    void changedSettingsAskTheShapeAgainAndTheLastCellEndsTheRound() {
        vm.useSeedMatrix("Seed: 5x5 binary image");
        vm.setKernel(new double[][] {{1, 1}, {1, 1}});
        vm.setConvSettings(vm.convSettings().withStrides(Size2.square(3))); // 5x5, 2x2 stride 3 -> 2x2
        quiz.setActive(true);
        answer("2 x 2 x 1");
        for (int cell = 0; cell < 4; cell++) {
            quiz.submit(); // next question
            assertEquals(cell, vm.cursorProperty().get());
            answer(vm.convTrace().step(cell).output() == 0 ? "0" : String.valueOf((int) vm.convTrace().step(cell).output()));
            assertTrue(quiz.verdictProperty().get().startsWith("\u2714"), quiz.verdictProperty().get());
        }
        quiz.submit();
        assertEquals("Every cell is done: 5 of 5 right. Press Enter to start again, Esc to leave.", quiz.promptProperty().get());
        assertFalse(quiz.questionOpenProperty().get());

        vm.setConvSettings(vm.convSettings().withStrides(Size2.square(1))); // a new shape: asked again
        quiz.sync();
        assertTrue(quiz.hidesShape());
        assertTrue(quiz.questionOpenProperty().get());
    }
}
