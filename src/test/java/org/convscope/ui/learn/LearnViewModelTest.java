package org.convscope.ui.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convscope.core.conv.PoolSettings;
import org.convscope.ui.common.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Learn screen's state on a case worked by hand.
 *
 * <p>Input {@code X = [1 2 0 1; 0 1 3 1; 2 0 1 0; 1 1 0 2]}, kernel {@code K = [1 0; 0 1]}, bias 0, stride 1, valid,
 * ReLU, max pooling 2x2, Dense {@code W = [0.1 -0.1]} (one input, 2 classes), bias 0, true class 0, SGD lr 0.1.
 * <ul>
 *   <li>{@code Z[r][c] = X[r][c] + X[r+1][c+1] = [2 5 1; 0 2 3; 3 0 3]}, all >= 0 so {@code A = Z};</li>
 *   <li>the one 2x2 window (rows and columns 0-1) has max 5 at (0, 1); {@code x = (5)};</li>
 *   <li>{@code o = (0.5, -0.5)}, {@code p0 = 1/(1 + e^-1) = 0.731059}, {@code p1 = 0.268941},
 *       loss {@code = -log(0.731059) = 0.313262};</li>
 *   <li>{@code delta = p - y = (-0.268941, 0.268941)}; {@code dW = 5 * delta = (-1.344707, 1.344707)};
 *       {@code dx = 0.1*(-0.268941) + (-0.1)*0.268941 = -0.0537883 =: g};</li>
 *   <li>pooling: only the winner A[0][1] gets g; ReLU passes it (Z[0][1] = 5 > 0), so dY is g at (0, 1), 0 elsewhere;</li>
 *   <li>{@code dK[i][j] = g * X[i][1 + j]}: {@code [2g 0g; 1g 3g] = [-0.1075766 0; -0.0537883 -0.1613648]};
 *       the bias gets {@code g};</li>
 *   <li>{@code dX[0+i][1+j] = g * K[i][j]}: g at (0, 1) and (1, 2), 0 elsewhere;</li>
 *   <li>SGD: {@code K_new = K - 0.1 * dK = [1.0107577 0; 0.0053788 1.0161365]}; Adam's first step is
 *       {@code lr * m^/(sqrt(v^) + eps) = lr * g/|g|}, so {@code K_new = [1.1 0; 0.1 1.1]} (K[0][1] has g = 0 and
 *       stays).</li>
 * </ul>
 */
class LearnViewModelTest {

    private static final double G = -0.0537882843;
    private LearnViewModel vm;

    @BeforeEach
    void handWorkedCase() {
        vm = new LearnViewModel(new CurrentThreadTaskExecutor());
        vm.chooseSource("Example: 4x4 by hand");
        vm.setKernelText("1 0; 0 1");
        vm.setClasses(2);
        vm.setLabel(0);
        vm.setDenseWeights(new double[][] {{0.1, -0.1}});
        assertEquals("", vm.errorProperty().get());
    }

    private LearnStep at(LearnStage stage, int step) {
        vm.goTo(stage);
        for (int i = 0; i < step; i++) {
            vm.stepForward();
        }
        return vm.current();
    }

    @Test
    void forwardAndLossMatchTheHandWorkedNumbers() {
        LearnStep f = at(LearnStage.FORWARD, 0);
        assertArrayEquals(new double[] {2, 5, 1}, f.panels().get(1).values()[0], 1e-12);
        assertEquals(5, f.panels().get(2).values()[0][0], 1e-12);
        assertEquals(0.7310586, f.answer(), 1e-6);
        LearnStep loss = at(LearnStage.LOSS, 0);
        assertEquals("loss = -log(p_true) = -log(p[0]) = -log(0.7311) = 0.3133", loss.formula());
        assertEquals(-0.2689414, loss.answer(), 1e-6);
        assertEquals("delta[0] = p[0] - y[0] = 0.7311 - 1 = -0.2689", loss.line());
    }

    @Test
    void denseStageGivesDwDbAndDx() {
        assertEquals(2 * 1 + 2 + 1, vm.run().steps(LearnStage.DENSE));
        LearnStep dw1 = at(LearnStage.DENSE, 1);
        assertEquals("dW[0][1]", dw1.asked());
        assertEquals(1.3447071, dw1.answer(), 1e-6);
        assertEquals("dW[0][1] = x[0] * delta[1] = 5*0.2689 = 1.3447", dw1.line());
        LearnStep dx = at(LearnStage.DENSE, 4);
        assertEquals(G, dx.answer(), 1e-9);
        assertTrue(dx.line().startsWith("dx[0] = delta[0]*W[0][0] + delta[1]*W[0][1]"), dx.line());
    }

    @Test
    void poolingSendsTheGradientToTheWinnerOnly() {
        LearnStep pool = at(LearnStage.POOL, 0);
        assertEquals("dA1[0][1]", pool.asked());
        assertEquals(G, pool.answer(), 1e-9);
        assertArrayEquals(new int[] {0, 1}, pool.panels().get(0).marker());
        double[][] dA = pool.panels().get(2).values();
        assertEquals(0, dA[0][0]);
        assertEquals(0, dA[1][1]);
        assertEquals(0, dA[2][2], "the row and column the pooling dropped get 0");
    }

    @Test
    void averagePoolingSpreadsGOverQSquared() {
        vm.setPoolMode(PoolSettings.Mode.AVERAGE);
        LearnStep pool = at(LearnStage.POOL, 0);
        // x = mean(2, 5, 0, 2) = 2.25, o = (0.225, -0.225), p0 = 1/(1 + e^-0.45) = 0.6106392, delta0 = -0.3893608,
        // dx = 0.1*(-0.3893608) + (-0.1)*0.3893608 = -0.0778722; each of the 4 cells gets dx / 4 = -0.0194680
        assertEquals(-0.0194680, pool.answer(), 1e-7);
        assertNull(pool.panels().get(0).marker());
        assertTrue(pool.line().contains("g / 2^2"), pool.line());
    }

    @Test
    void kernelGradientIsTheInputWeightedByDy() {
        double[][] expected = {{2 * G, 0}, {G, 3 * G}};
        for (int index = 0; index < 4; index++) {
            LearnStep s = at(LearnStage.CONV_WEIGHTS, index);
            assertEquals(expected[index / 2][index % 2], s.answer(), 1e-9, s.line());
        }
        LearnStep s = at(LearnStage.CONV_WEIGHTS, 3);
        assertEquals("dK1[1][1]", s.asked());
        assertTrue(s.formula().contains("itself a convolution of X with dY as the kernel"), s.formula());
        // the 3x3 block of input cells K[1][1] touched starts at (1, 1) and is outlined
        assertArrayEquals(new int[] {1, 1, 3, 3}, s.panels().get(0).window());
        assertEquals(9, s.panels().get(0).marks().size());
        assertEquals(G, at(LearnStage.CONV_BIAS, 0).answer(), 1e-9);
    }

    @Test
    void inputGradientIsTheFullConvolutionWithTheTurnedKernel() {
        assertEquals(16, vm.run().steps(LearnStage.CONV_INPUT));
        for (int index = 0; index < 16; index++) {
            LearnStep s = at(LearnStage.CONV_INPUT, index);
            double want = index == 1 || index == 6 ? G : 0; // (0, 1) and (1, 2)
            assertEquals(want, s.answer(), 1e-9, s.line());
        }
        LearnStep s = at(LearnStage.CONV_INPUT, 6);
        // the 2x2 kernel pads dY with one zero row and one zero column on each side: singular, not "1 zero rows"
        assertTrue(s.formula().contains("(with 1 zero row and 1 zero column around it)"), s.formula());
        assertEquals("dX[1][2]", s.asked());
        assertTrue(s.line().startsWith("dX[1][2] = "), s.line());
    }

    /** The stages' texts are looked up by computed keys, which MessagesTest cannot see: each must exist everywhere. */
    @Test
    void everyStageHasItsTitleAndExplanationInEnglishGermanAndSpanish() {
        try {
            for (String lang : java.util.List.of("en", "de", "es")) {
                org.convscope.ui.common.I18n.setLocale(java.util.Locale.forLanguageTag(lang));
                for (LearnStage stage : LearnStage.values()) {
                    assertFalse(stage.title().startsWith("["), lang + " " + stage + ": " + stage.title());
                    assertFalse(stage.explanation().startsWith("["), lang + " " + stage + ": " + stage.explanation());
                }
            }
            assertEquals("Gradient des Faltungskerns dK", germanTitle(LearnStage.CONV_WEIGHTS));
        } finally {
            org.convscope.ui.common.I18n.setLocale(java.util.Locale.ENGLISH);
        }
        assertEquals("Forward pass", LearnStage.FORWARD.title());
    }

    private static String germanTitle(LearnStage stage) {
        org.convscope.ui.common.I18n.setLocale(java.util.Locale.GERMAN);
        return stage.title();
    }

    @Test
    void theFullConvolutionsPaddingIsCountedInTheSingularOnlyForOne() {
        vm.setKernelText("1 0 1; 0 1 0");
        String formula = at(LearnStage.CONV_INPUT, 0).formula();
        assertTrue(formula.contains("(with 1 zero row and 2 zero columns around it)"), formula);
        vm.setKernelText("1 0 1");
        formula = at(LearnStage.CONV_INPUT, 0).formula();
        assertTrue(formula.contains("(with 0 zero rows and 2 zero columns around it)"), formula);
    }

    @Test
    void sgdAndAdamUpdateTheKernel() {
        LearnStep k00 = at(LearnStage.UPDATE, 0);
        assertEquals(1.0107577, k00.answer(), 1e-6);
        assertEquals("K1[0][0]: w_new = w - lr*g = 1 - 0.1*(-0.1076) = 1.0108", k00.line());
        assertEquals(0.0053788, at(LearnStage.UPDATE, 2).answer(), 1e-6);
        vm.setAdam(true);
        assertEquals(1.1, at(LearnStage.UPDATE, 0).answer(), 1e-6);
        assertEquals(0, at(LearnStage.UPDATE, 1).answer(), 1e-12);
        LearnStep adam = at(LearnStage.UPDATE, 3);
        assertEquals(1.1, adam.answer(), 1e-6);
        assertTrue(adam.line().contains("m^ = m/(1 - 0.9^1)"), adam.line());
        // two lines, the moments and then the step, so the new weight shows without scrolling in presenter mode
        String[] lines = adam.line().split("\n");
        assertEquals(2, lines.length, adam.line());
        assertTrue(lines[0].startsWith("K1[1][1] (t=1, g=-0.1614): m = ") && lines[0].endsWith("v^ = v/(1 - 0.999^1) = 0.026"),
                lines[0]);
        assertTrue(lines[1].startsWith("step = lr*m^/(sqrt(v^) + eps) = ") && lines[1].endsWith("w_new = w - step = 1 - (-0.1) = 1.1"),
                lines[1]);
        assertTrue(adam.formula().startsWith("Adam"), adam.formula());
    }

    @Test
    void forwardAgainShowsTheLossGoingDownAndAnotherStepContinues() {
        LearnStep again = at(LearnStage.FORWARD_AGAIN, 0);
        assertTrue(vm.run().after().loss() < 0.313262, again.line());
        assertTrue(again.line().contains("loss 0.3133 -> "), again.line());
        assertTrue(again.line().contains("(down by"), again.line());
        double after = vm.run().after().loss();
        vm.takeAnotherStep();
        assertEquals(LearnStage.FORWARD, vm.stage());
        assertEquals(after, vm.run().forward().loss(), 1e-12);
        assertEquals(1, vm.trainingSteps());
    }

    @Test
    void theOvershootPresetMakesTheLossGoUpOnTheDefaultSetUp() {
        LearnViewModel fresh = new LearnViewModel(new CurrentThreadTaskExecutor());
        assertEquals(1.4511, fresh.run().forward().loss(), 1e-4, "the default: p_true = 0.23");
        assertTrue(fresh.run().after().loss() < fresh.run().forward().loss());
        fresh.showOvershoot();
        assertEquals(LearnStage.FORWARD_AGAIN, fresh.stage());
        assertTrue(fresh.run().after().loss() > 10, "loss after: " + fresh.run().after().loss());
        assertTrue(fresh.current().line().contains("is too large"), fresh.current().line());
    }

    @Test
    void stagesGoInOrderAndStepsStayInsideTheirStage() {
        vm.goTo(LearnStage.FORWARD);
        assertFalse(vm.canPreviousStage());
        assertFalse(vm.canStepBack());
        vm.stepForward();
        vm.stepForward(); // two classes: the second step is the last
        assertEquals(1, vm.step());
        assertFalse(vm.canStepForward());
        int stages = 0;
        while (vm.canNextStage()) {
            vm.nextStage();
            stages++;
            assertEquals(0, vm.step());
        }
        assertEquals(LearnStage.values().length - 1, stages);
        assertEquals(LearnStage.FORWARD_AGAIN, vm.stage());
        vm.previousStage();
        assertEquals(LearnStage.UPDATE, vm.stage());
        vm.lastStep();
        assertEquals(4 + 1 + 2 + 2 - 1, vm.step());
        assertEquals("Stage 10 of 11: The update, step 9 of 9", vm.position());
    }

    @Test
    void aSetUpThatDoesNotFitSaysWhyAndKeepsTheStage() {
        vm.goTo(LearnStage.RELU);
        vm.setKernelText("1 0 0 0 0; 0 1 0 0 0; 0 0 1 0 0; 0 0 0 1 0; 0 0 0 0 1");
        assertFalse(vm.errorProperty().get().isEmpty());
        assertNull(vm.current());
        vm.setKernelText("1 x; 0 1");
        assertTrue(vm.errorProperty().get().contains("\"x\" is not a number"), vm.errorProperty().get());
        vm.setKernelText("1 0; 0 1");
        assertEquals("", vm.errorProperty().get());
        assertEquals(LearnStage.RELU, vm.stage());
    }
}
