package org.convscope.ui.featuremaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Volume;
import org.convscope.imaging.FeatureTile;
import org.junit.jupiter.api.Test;

/** The "which filter made this map?" quiz without the toolkit, over six hand-made maps and their filters. */
class FilterQuizViewModelTest {

    /** Map i (channel i, from 0) is {{i + 1, 0}, {0, -(i + 1)}}: distinct, none flat; filter i is the 1x1 weight i + 1. */
    private static final class SixMaps implements FilterQuizViewModel.Maps {
        final List<FeatureTile> tiles = new ArrayList<>();
        boolean filtersShown;

        SixMaps() {
            for (int i = 0; i < 6; i++) {
                double v = i + 1;
                tiles.add(new FeatureTile(i, -v, v, 0, 2, 2, new int[4], new double[][] {{v, 0}, {0, -v}}));
            }
        }

        @Override
        public List<FeatureTile> tiles() {
            return tiles;
        }

        @Override
        public boolean showingFilters() {
            return filtersShown;
        }

        @Override
        public Optional<Volume> filterOfMap(int channel) {
            return Optional.of(new Volume(1, 1, 1, new double[] {channel + 1}));
        }

        @Override
        public ConvSettings convSettingsOf(int channel) {
            return ConvSettings.DEFAULT;
        }

        @Override
        public int layer() {
            return 1;
        }

        @Override
        public String imageName() {
            return "chelsea.png";
        }
    }

    private final SixMaps maps = new SixMaps();
    private final FilterQuizViewModel quiz = new FilterQuizViewModel(maps, new Random(7));

    /** The key position of the filter that made the asked map, found from the map's own numbers. */
    private int rightPosition() {
        int channel = (int) quiz.asked().values()[0][0] - 1;
        for (FilterQuizViewModel.Candidate c : quiz.candidates()) {
            if (c.filter().get(0, 0, 0) == channel + 1) {
                return c.position();
            }
        }
        throw new AssertionError("the filter of map " + (channel + 1) + " is not offered");
    }

    @Test
    void asksAMapOffersFourFiltersAndMarksOnlyAfterTheChoice() {
        quiz.setActive(true);
        assertTrue(quiz.activeProperty().get());
        assertEquals("This map came out of layer 1. Which of these four filters made it? Press 1, 2, 3 or 4.",
                quiz.promptProperty().get());
        assertEquals("One of layer 1's 6 maps for chelsea.png", quiz.captionProperty().get());
        assertEquals(4, quiz.candidates().size());
        assertEquals(4, new HashSet<>(quiz.candidates().stream().map(FilterQuizViewModel.Candidate::channel).toList()).size());
        for (FilterQuizViewModel.Candidate c : quiz.candidates()) {
            assertSame(maps.tiles.get(c.channel()), c.map(), "each card carries its own map, shown after the reveal");
            assertEquals(FilterQuizViewModel.Mark.NONE, quiz.mark(c.position()), "nothing is marked before the choice");
        }
        int right = rightPosition();
        int wrong = (right + 1) % 4;
        String rightName = "filter " + (quiz.candidates().get(right).channel() + 1);
        String wrongName = "filter " + (quiz.candidates().get(wrong).channel() + 1);

        assertTrue(quiz.choose(wrong));
        assertTrue(quiz.revealed());
        assertFalse(quiz.right());
        assertEquals("\u2718 Not quite: you said " + wrongName + ", the answer is " + rightName, quiz.verdictProperty().get());
        assertTrue(quiz.whyProperty().get().contains("is one filter's response"), quiz.whyProperty().get());
        assertTrue(quiz.whyProperty().get().endsWith("is 1x1x1, applied with stride 1, valid padding, bias 0."),
                quiz.whyProperty().get());
        assertEquals(FilterQuizViewModel.Mark.RIGHT, quiz.mark(right));
        assertEquals(FilterQuizViewModel.Mark.WRONG_CHOSEN, quiz.mark(wrong));
        assertEquals(FilterQuizViewModel.Mark.NONE, quiz.mark((right + 2) % 4 == wrong ? (right + 3) % 4 : (right + 2) % 4));
        assertEquals("Score: 0 of 1 right", quiz.scoreProperty().get());
        assertFalse(quiz.choose(right), "one choice per question");
        assertEquals("Score: 0 of 1 right", quiz.scoreProperty().get());

        quiz.ask();
        assertEquals("", quiz.verdictProperty().get());
        assertFalse(quiz.revealed());
        int again = rightPosition();
        assertTrue(quiz.choose(again));
        assertTrue(quiz.right());
        assertEquals(FilterQuizViewModel.Mark.RIGHT_CHOSEN, quiz.mark(again));
        assertEquals("Score: 1 of 2 right", quiz.scoreProperty().get());
    }

    @Test
    void saysWhatToShowWhenThereAreNoMapsToAskAbout() {
        maps.filtersShown = true;
        quiz.setActive(true);
        assertNull(quiz.asked());
        assertTrue(quiz.candidates().isEmpty());
        assertFalse(quiz.choose(0));
        assertEquals("Show the feature maps of a Conv2D layer (Layer, above) and the quiz asks which of its filters made "
                + "one of them.", quiz.promptProperty().get());

        maps.filtersShown = false;
        maps.tiles.subList(3, 6).clear(); // three maps: no four filters to offer
        quiz.mapsChanged();
        assertNull(quiz.asked());
        assertTrue(quiz.promptProperty().get().startsWith("This layer's maps are too alike for a fair question: "),
                quiz.promptProperty().get());

        quiz.setActive(false);
        maps.tiles.clear();
        quiz.mapsChanged(); // off: nothing is asked
        assertTrue(quiz.promptProperty().get().startsWith("This layer's maps are too alike"));
    }
}
