package org.convscope.ui.featuremaps;

import org.convscope.ui.common.FxImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.ConvSettings;
import org.convscope.core.conv.Num;
import org.convscope.core.conv.Volume;
import org.convscope.core.model.Padding;
import org.convscope.core.quiz.Score;
import org.convscope.core.quiz.Verdict;
import org.convscope.core.quiz.WhichFilterQuestion;
import org.convscope.imaging.FeatureTile;
import org.convscope.imaging.FilterTiles;
import org.convscope.ui.common.Css;

/**
 * Quiz mode of the Feature maps screen: "Which filter made this map?". One map of the shown Conv2D layer,
 * enlarged, and four of the layer's filters; keys 1-4 choose. The reveal marks the right filter and the
 * choice in words and colour, says why, and shows each candidate's own map beside it, so the learner sees
 * that only one filter's response is this map. Enter asks the next map, Escape leaves.
 *
 * <p>The question (which map, which candidates) comes from {@link WhichFilterQuestion}; this pane draws it
 * from the tiles and filters of the last render.
 */
final class FilterQuiz extends VBox {

    private static final int MAP_SIZE = 288;
    private static final int FILTER_SIZE = 96;

    private final FeatureMapsViewModel vm;
    private final Random random;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final Label prompt = new Label();
    private final Label score = new Label();
    private final Label verdict = new Label();
    private final Label why = new Label();
    private final ImageView map = new ImageView();
    private final Label mapCaption = new Label();
    private final FlowPane cards = new FlowPane(12, 12); // one row of four when there is room, two of two when not
    private final List<Card> shown = new ArrayList<>();
    private WhichFilterQuestion question;
    private boolean revealed;
    private Score tally = Score.ZERO;

    /**
     * Creates the pane, hidden until the quiz is turned on.
     *
     * @param vm the screen's state: the shown layer's tiles and filters
     * @param random where questions come from
     */
    FilterQuiz(FeatureMapsViewModel vm, Random random) {
        super(10);
        this.vm = vm;
        this.random = random;
        setId("filter-quiz");
        getStyleClass().add("filter-quiz");
        setFocusTraversable(true);

        Label title = new Label("Quiz: which filter made this map?");
        title.getStyleClass().add("quiz-title");
        score.setId("filter-quiz-score");
        score.getStyleClass().add("quiz-score");
        score.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, title, spacer, score);
        top.setAlignment(Pos.CENTER_LEFT);
        prompt.setId("filter-quiz-prompt");
        prompt.setWrapText(true);
        prompt.setMinHeight(Region.USE_PREF_SIZE);

        map.setId("filter-quiz-map");
        map.setSmooth(false);
        map.setPreserveRatio(true);
        map.setFitWidth(MAP_SIZE);
        map.setFitHeight(MAP_SIZE);
        mapCaption.setId("filter-quiz-map-caption");
        mapCaption.setWrapText(true);
        mapCaption.setMaxWidth(MAP_SIZE);
        VBox mapBox = new VBox(6, map, mapCaption);
        mapBox.setAlignment(Pos.TOP_CENTER);
        cards.setId("filter-quiz-cards");
        HBox.setHgrow(cards, Priority.ALWAYS);
        HBox middle = new HBox(24, mapBox, cards);
        middle.setAlignment(Pos.TOP_LEFT);

        verdict.setId("filter-quiz-verdict");
        verdict.getStyleClass().add("quiz-verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        why.setId("filter-quiz-why");
        why.setWrapText(true);
        why.setMinHeight(Region.USE_PREF_SIZE);
        Label hint = new Label("Keys 1-4 (or Tab and Enter): choose \u00b7 Enter: next map \u00b7 Esc or Q: leave the quiz");
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        Button leave = new Button("Leave quiz (Esc)");
        leave.setId("filter-quiz-leave");
        leave.setMinWidth(Region.USE_PREF_SIZE);
        leave.setOnAction(e -> setActive(false));
        HBox bottom = new HBox(12, hint, leave);
        bottom.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, prompt, middle, verdict, why, bottom);

        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null && active.get()) {
                javafx.application.Platform.runLater(this::requestFocus);
            }
        });
        vm.tiles().addListener((ListChangeListener<FeatureTile>) c -> {
            if (active.get()) {
                ask(); // another layer, image or page: a question about what is shown now
            }
        });
        showScore();
    }

    /** True while the quiz is on (the screen shows this pane instead of the grid). */
    BooleanProperty activeProperty() {
        return active;
    }

    /** Turns the quiz on (asking about the shown layer) or off. */
    void setActive(boolean on) {
        if (on == active.get()) {
            return;
        }
        active.set(on);
        if (on) {
            ask();
            requestFocus(); // or, if the pane is not in the scene yet, as soon as it is (below)
        }
    }

    private void key(KeyEvent e) {
        if (e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return; // Ctrl+1..4 switch screens
        }
        KeyCode k = e.getCode();
        int digit = k.isDigitKey() ? k.getName().charAt(k.getName().length() - 1) - '1' : -1;
        if (digit >= 0 && digit < WhichFilterQuestion.CHOICES) {
            choose(digit);
        } else if (k == KeyCode.ENTER || k == KeyCode.SPACE) {
            if (revealed) {
                ask();
                requestFocus();
            } else if (e.getTarget() instanceof Card card) {
                choose(shown.indexOf(card));
            } else {
                return;
            }
        } else if (k == KeyCode.ESCAPE || k == KeyCode.Q) {
            setActive(false);
        } else {
            return;
        }
        e.consume();
    }

    /** Asks about a new map of the shown layer, or says why there is none. */
    void ask() {
        revealed = false;
        question = null;
        shown.clear();
        cards.getChildren().clear();
        verdict.setText("");
        verdict.getStyleClass().removeAll("quiz-right", "quiz-wrong");
        why.setText("");
        map.setImage(null);
        mapCaption.setText("");
        scrollTo(0);
        List<FeatureTile> tiles = List.copyOf(vm.tiles());
        if (tiles.isEmpty() || vm.showingFilters() || vm.filterOfMap(tiles.get(0).channel()).isEmpty()) {
            prompt.setText("Show the feature maps of a Conv2D layer (Layer, above) and the quiz asks which of its "
                    + "filters made one of them.");
            return;
        }
        List<double[][]> maps = tiles.stream().map(FeatureTile::values).toList();
        try {
            question = WhichFilterQuestion.pick(maps, tiles.get(0).channel(), random);
        } catch (IllegalArgumentException ex) {
            prompt.setText("This layer's maps are too alike for a fair question: " + ex.getMessage() + ". Try another layer.");
            return;
        }
        FeatureTile asked = tile(tiles, question.channel());
        map.setImage(FxImages.ofArgb(asked.argb(), asked.width(), asked.height()));
        map.setUserData(asked.values()); // the numbers behind the picture, for tests
        mapCaption.setText("One of layer " + vm.layer() + "'s " + tiles.size() + (tiles.size() == 1 ? " map" : " maps")
                + " for " + FeatureMapsViewModel.shortName(vm.imageName()));
        prompt.setText("This map came out of layer " + vm.layer() + ". Which of these four filters made it? Press 1, 2, 3 or 4.");
        List<Integer> candidates = question.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            int ch = candidates.get(i);
            Optional<Volume> filter = vm.filterOfMap(ch);
            Card card = new Card(i, ch, filter.orElseThrow(), tile(tiles, ch));
            shown.add(card);
            cards.getChildren().add(card);
        }
    }

    private void choose(int position) {
        if (question == null || revealed || position < 0 || position >= shown.size()) {
            return;
        }
        Verdict v = question.check(position);
        revealed = true;
        tally = tally.add(v);
        showScore();
        verdict.setText(v.headline());
        verdict.getStyleClass().add(v.right() ? "quiz-right" : "quiz-wrong");
        ConvSettings s = vm.convSettingsOf(question.channel());
        Volume f = vm.filterOfMap(question.channel()).orElseThrow();
        String how = s == null ? "" : " Filter " + (question.channel() + 1) + " is " + f.height() + "x" + f.width() + "x"
                + f.channels() + ", applied with stride " + s.strides().h() + ", "
                + (s.padding() instanceof Padding.Explicit e ? e.amount() + " cell(s) of" : s.padding().keras())
                + " padding, bias " + Num.format(s.bias()) + (s.relu() ? ", then ReLU." : ".");
        why.setText(v.working() + how);
        for (int i = 0; i < shown.size(); i++) {
            shown.get(i).reveal(i == question.answer(), i == position);
        }
        prompt.setText("Press Enter for another map.");
        requestFocus();
        scrollTo(1); // the verdict and the why are at the bottom
    }

    /** In a short window (presenter scale), scrolls the pane to its top (0) or bottom (1). */
    private void scrollTo(double v) {
        javafx.application.Platform.runLater(() -> {
            for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) {
                    sp.applyCss();
                    sp.layout();
                    sp.setVvalue(v);
                    return;
                }
            }
        });
    }

    private void showScore() {
        score.setText("Score: " + tally.text());
    }

    private static FeatureTile tile(List<FeatureTile> tiles, int channel) {
        return tiles.stream().filter(t -> t.channel() == channel).findFirst().orElseThrow();
    }

    /** One candidate: its key, the filter drawn as the Filters view draws it, and (after the reveal) its own map. */
    private static final class Card extends VBox {
        private final Label mark = new Label();
        private final VBox own;

        Card(int position, int channel, Volume filter, FeatureTile map) {
            super(4);
            setId("filter-quiz-card-" + (position + 1));
            getStyleClass().add("quiz-candidate");
            setFocusTraversable(true);
            setUserData(channel);
            Label key = new Label(Integer.toString(position + 1));
            key.getStyleClass().add("quiz-key");
            Label name = new Label("Filter " + (channel + 1));
            name.setId("filter-quiz-name-" + (position + 1));
            HBox head = new HBox(10, key, name);
            head.setAlignment(Pos.CENTER_LEFT);
            VBox drawn = new VBox(2, filterImage(filter), new Label(filter.height() + "x" + filter.width() + "x"
                    + filter.channels()));
            drawn.setAlignment(Pos.TOP_CENTER);
            ImageView mapView = new ImageView(FxImages.ofArgb(map.argb(), map.width(), map.height()));
            mapView.setSmooth(false);
            mapView.setPreserveRatio(true);
            mapView.setFitWidth(FILTER_SIZE);
            mapView.setFitHeight(FILTER_SIZE);
            own = new VBox(2, mapView, new Label("its map"));
            own.setId("filter-quiz-own-" + (position + 1));
            own.setAlignment(Pos.TOP_CENTER);
            own.setVisible(false); // the own maps would give the answer away
            HBox body = new HBox(12, drawn, own);
            mark.setId("filter-quiz-mark-" + (position + 1));
            mark.setWrapText(true);
            mark.setMinWidth(0);
            mark.setPrefWidth(0); // the mark wraps within the card rather than widening it
            mark.setMaxWidth(Double.MAX_VALUE);
            getChildren().addAll(head, body, mark);
        }

        void reveal(boolean right, boolean chosen) {
            own.setVisible(true);
            if (right) {
                getStyleClass().add("quiz-right");
                mark.setText(chosen ? "\u2714 made it: your choice" : "\u2714 made this map");
            } else if (chosen) {
                getStyleClass().add("quiz-wrong");
                mark.setText("\u2718 your choice");
            }
        }

        /** An RGB filter as its colour composite; others as up to four of their input channels in gray. */
        private static Node filterImage(Volume filter) {
            if (filter.channels() == 3) {
                FilterTiles.Row row = FilterTiles.render(new Volume[] {filter}, 0, 1, FILTER_SIZE).get(0);
                return crisp(FxImages.ofArgb(row.rgb(), row.width(), row.height()), FILTER_SIZE);
            }
            FilterTiles.Row row = FilterTiles.render(new Volume[] {filter}, 0, 1, FILTER_SIZE / 2).get(0);
            GridPane g = new GridPane();
            g.setHgap(2);
            g.setVgap(2);
            int n = Math.min(4, row.channels().size());
            for (int ch = 0; ch < n; ch++) {
                g.add(crisp(FxImages.ofArgb(row.channels().get(ch), row.width(), row.height()), FILTER_SIZE / 2 - 1), ch % 2, ch / 2);
            }
            if (row.channels().size() <= 4) {
                return g;
            }
            return new VBox(2, g, new Label("+" + (row.channels().size() - 4) + " channels"));
        }

        private static ImageView crisp(Image img, double size) {
            ImageView v = new ImageView(img);
            v.setSmooth(false);
            v.setPreserveRatio(true);
            v.setFitWidth(size);
            v.setFitHeight(size);
            return v;
        }
    }
}
