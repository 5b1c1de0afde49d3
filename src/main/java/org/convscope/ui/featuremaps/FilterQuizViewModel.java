package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.quiz.Score;
import org.convscope.core.quiz.Verdict;
import org.convscope.core.quiz.WhichFilterQuestion;
import org.convscope.imaging.FeatureTile;

/**
 * The state of the Feature maps quiz "Which filter made this map?", without the toolkit: which map is asked,
 * which four filters are offered, the choice, the verdict with its why, and the score. {@link FilterQuiz}
 * draws it.
 */
final class FilterQuizViewModel {

    /** What the quiz asks about: the maps and filters the Feature maps screen shows now. */
    interface Maps {
        /** The shown maps (empty while filters are shown or nothing is rendered). */
        List<FeatureTile> tiles();

        /** True while the screen shows filters instead of maps. */
        boolean showingFilters();

        /** The filter that made map {@code channel}, empty when the layer is not a Conv2D. */
        Optional<Volume> filterOfMap(int channel);

        /** How the layer applies its filters (strides, padding, bias, ReLU), or null when unknown. */
        ConvSettings convSettingsOf(int channel);

        /** The shown layer, from 1. */
        int layer();

        /** The image the maps were computed for. */
        String imageName();
    }

    /** One of the four offered filters, at key {@code position + 1}. */
    record Candidate(int position, int channel, Volume filter, FeatureTile map) {
    }

    /** How a candidate is marked after the reveal. */
    enum Mark { NONE, RIGHT, RIGHT_CHOSEN, WRONG_CHOSEN }

    private final Maps maps;
    private final Random random;
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active");
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper(this, "prompt", "");
    private final ReadOnlyStringWrapper score = new ReadOnlyStringWrapper(this, "score", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper why = new ReadOnlyStringWrapper(this, "why", "");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", "");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");
    private final List<Candidate> candidates = new ArrayList<>();
    private WhichFilterQuestion question;
    private FeatureTile asked;
    private boolean revealed;
    private int chosen = -1;
    private boolean right;
    private Score tally = Score.ZERO;

    /**
     * @param maps what is shown on the Feature maps screen
     * @param random where questions come from
     */
    FilterQuizViewModel(Maps maps, Random random) {
        this.maps = maps;
        this.random = random;
        showScore();
    }

    ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    ReadOnlyStringProperty scoreProperty() {
        return score.getReadOnlyProperty();
    }

    /** Empty until a choice, then e.g. {@code ✘ Not quite: you said filter 3, the answer is filter 7}. */
    ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** Why the answer is what it is, with how the layer applies the filter; empty until a choice. */
    ReadOnlyStringProperty whyProperty() {
        return why.getReadOnlyProperty();
    }

    /** Under the asked map, e.g. {@code One of layer 1's 32 maps for chelsea.png}. */
    ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** Bumped after each new question and each choice: the view redraws. */
    ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The asked map, or null when there is no question. */
    FeatureTile asked() {
        return asked;
    }

    /** The offered filters in key order; empty when there is no question. */
    List<Candidate> candidates() {
        return List.copyOf(candidates);
    }

    boolean revealed() {
        return revealed;
    }

    /** True after a right choice, false after a wrong one (meaningless before the reveal). */
    boolean right() {
        return right;
    }

    /** How candidate {@code position} is marked: only after the reveal, and only the answer and the choice. */
    Mark mark(int position) {
        if (!revealed || question == null) {
            return Mark.NONE;
        }
        if (position == question.answer()) {
            return position == chosen ? Mark.RIGHT_CHOSEN : Mark.RIGHT;
        }
        return position == chosen ? Mark.WRONG_CHOSEN : Mark.NONE;
    }

    /** Turns the quiz on (asking about the shown layer) or off. */
    void setActive(boolean on) {
        if (on == active.get()) {
            return;
        }
        active.set(on);
        if (on) {
            ask();
        }
    }

    /** The shown maps changed (another layer, image or page): while the quiz is on, a question about them. */
    void mapsChanged() {
        if (active.get()) {
            ask();
        }
    }

    /** Asks about a new map of the shown layer, or says why there is none. */
    void ask() {
        revealed = false;
        chosen = -1;
        question = null;
        asked = null;
        candidates.clear();
        verdict.set("");
        why.set("");
        caption.set("");
        List<FeatureTile> tiles = List.copyOf(maps.tiles());
        if (tiles.isEmpty() || maps.showingFilters() || maps.filterOfMap(tiles.get(0).channel()).isEmpty()) {
            prompt.set(tr("maps.quiz.needConv"));
            bump();
            return;
        }
        try {
            question = WhichFilterQuestion.pick(tiles.stream().map(FeatureTile::values).toList(), tiles.get(0).channel(), random);
        } catch (IllegalArgumentException ex) {
            prompt.set(tr("maps.quiz.tooAlike", ex.getMessage()));
            bump();
            return;
        }
        asked = tile(tiles, question.channel());
        caption.set(tr(tiles.size() == 1 ? "maps.quiz.captionOne" : "maps.quiz.caption", maps.layer(), tiles.size(),
                MapsRender.shortName(maps.imageName())));
        prompt.set(tr("maps.quiz.prompt", maps.layer()));
        List<Integer> offered = question.candidates();
        for (int i = 0; i < offered.size(); i++) {
            int ch = offered.get(i);
            candidates.add(new Candidate(i, ch, maps.filterOfMap(ch).orElseThrow(), tile(tiles, ch)));
        }
        bump();
    }

    /**
     * Chooses candidate {@code position} (key {@code position + 1}) and reveals the answer.
     *
     * @return false when there is no open question or no such candidate (nothing changes)
     */
    boolean choose(int position) {
        if (question == null || revealed || position < 0 || position >= candidates.size()) {
            return false;
        }
        Verdict v = question.check(position);
        revealed = true;
        chosen = position;
        right = v.right();
        tally = tally.add(v);
        showScore();
        verdict.set(v.headline());
        why.set(v.working() + how(question.channel()));
        prompt.set(tr("maps.quiz.another"));
        bump();
        return true;
    }

    /** How the layer applies the asked filter, e.g. {@code  Filter 7 is 3x3x3, applied with stride 1, valid padding, ...}. */
    private String how(int channel) {
        ConvSettings s = maps.convSettingsOf(channel);
        if (s == null) {
            return "";
        }
        Volume f = maps.filterOfMap(channel).orElseThrow();
        return " " + tr(s.relu() ? "maps.quiz.howRelu" : "maps.quiz.how", channel + 1,
                f.height() + "x" + f.width() + "x" + f.channels(), s.strides().h(),
                s.padding() instanceof Padding.Explicit e ? tr("maps.quiz.cellsOf", e.amount()) : s.padding().keras(),
                Num.format(s.bias()));
    }

    private void showScore() {
        score.set(tr("quiz.score", tally.text()));
    }

    private void bump() {
        revision.set(revision.get() + 1);
    }

    private static FeatureTile tile(List<FeatureTile> tiles, int channel) {
        return tiles.stream().filter(t -> t.channel() == channel).findFirst().orElseThrow();
    }
}
