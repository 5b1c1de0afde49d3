package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import org.convscope.ui.common.FxImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javafx.beans.property.ReadOnlyBooleanProperty;
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
import org.convscope.core.conv.Volume;
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
 * <p>The question, the choice and the score are {@link FilterQuizViewModel}'s; this pane draws them and passes
 * keys on.
 */
final class FilterQuiz extends VBox {

    private static final int MAP_SIZE = 288;
    private static final int FILTER_SIZE = 96;

    private final FilterQuizViewModel quiz;
    private final Label prompt = new Label();
    private final Label score = new Label();
    private final Label verdict = new Label();
    private final Label why = new Label();
    private final ImageView map = new ImageView();
    private final Label mapCaption = new Label();
    private final FlowPane cards = new FlowPane(12, 12); // one row of four when there is room, two of two when not
    private final List<Card> shown = new ArrayList<>();

    /**
     * Creates the pane, hidden until the quiz is turned on.
     *
     * @param vm the screen's state: the shown layer's tiles and filters
     * @param random where questions come from
     */
    FilterQuiz(FeatureMapsViewModel vm, Random random) {
        super(10);
        this.quiz = new FilterQuizViewModel(maps(vm), random);
        setId("filter-quiz");
        getStyleClass().add("filter-quiz");
        setFocusTraversable(true);

        Label title = new Label(tr("maps.quiz.title"));
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
        prompt.textProperty().bind(quiz.promptProperty());
        prompt.accessibleTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> tr("a11y.quiz.question", prompt.getText()), prompt.textProperty()));
        score.textProperty().bind(quiz.scoreProperty());

        map.setId("filter-quiz-map");
        map.setSmooth(false);
        map.setPreserveRatio(true);
        map.setFitWidth(MAP_SIZE);
        map.setFitHeight(MAP_SIZE);
        mapCaption.setId("filter-quiz-map-caption");
        mapCaption.setWrapText(true);
        mapCaption.setMaxWidth(MAP_SIZE);
        mapCaption.textProperty().bind(quiz.captionProperty());
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
        verdict.textProperty().bind(quiz.verdictProperty());
        why.setId("filter-quiz-why");
        why.textProperty().bind(quiz.whyProperty());
        why.setWrapText(true);
        why.setMinHeight(Region.USE_PREF_SIZE);
        Label hint = new Label(tr("maps.quiz.keys"));
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        Button leave = new Button(tr("maps.quiz.leave"));
        leave.setId("filter-quiz-leave");
        leave.setMinWidth(Region.USE_PREF_SIZE);
        leave.setOnAction(e -> quiz.setActive(false));
        HBox bottom = new HBox(12, hint, leave);
        bottom.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, prompt, middle, verdict, why, bottom);

        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null && quiz.activeProperty().get()) {
                javafx.application.Platform.runLater(this::requestFocus);
            }
        });
        // another layer, image or page: a question about what is shown now
        vm.tiles().addListener((ListChangeListener<FeatureTile>) c -> quiz.mapsChanged());
        quiz.revisionProperty().addListener((o, a, b) -> draw());
        quiz.activeProperty().addListener((o, was, on) -> {
            if (on) {
                requestFocus(); // or, if the pane is not in the scene yet, as soon as it is (above)
            }
        });
    }

    /** The quiz's questions about the screen's maps. */
    private static FilterQuizViewModel.Maps maps(FeatureMapsViewModel vm) {
        return new FilterQuizViewModel.Maps() {
            @Override
            public List<FeatureTile> tiles() {
                return vm.tiles();
            }

            @Override
            public boolean showingFilters() {
                return vm.showingFilters();
            }

            @Override
            public Optional<Volume> filterOfMap(int channel) {
                return vm.filterOfMap(channel);
            }

            @Override
            public ConvSettings convSettingsOf(int channel) {
                return vm.convSettingsOf(channel);
            }

            @Override
            public int layer() {
                return vm.layer();
            }

            @Override
            public String imageName() {
                return vm.imageName();
            }
        };
    }

    /** True while the quiz is on (the screen shows this pane instead of the grid). */
    ReadOnlyBooleanProperty activeProperty() {
        return quiz.activeProperty();
    }

    /** Turns the quiz on (asking about the shown layer) or off. */
    void setActive(boolean on) {
        quiz.setActive(on);
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
            if (quiz.revealed()) {
                quiz.ask();
                requestFocus();
            } else if (e.getTarget() instanceof Card card) {
                choose(shown.indexOf(card));
            } else {
                return;
            }
        } else if (k == KeyCode.ESCAPE || k == KeyCode.Q) {
            quiz.setActive(false);
        } else {
            return;
        }
        e.consume();
    }

    /** Draws the question (the asked map and the four cards) or, after a choice, the reveal. */
    private void draw() {
        verdict.getStyleClass().removeAll("quiz-right", "quiz-wrong");
        verdict.setAccessibleText(null);
        if (quiz.revealed()) {
            verdict.getStyleClass().add(quiz.right() ? "quiz-right" : "quiz-wrong");
            verdict.setAccessibleText(tr(quiz.right() ? "a11y.quiz.right" : "a11y.quiz.wrong", verdict.getText()));
            for (int i = 0; i < shown.size(); i++) {
                shown.get(i).reveal(quiz.mark(i));
            }
            requestFocus();
            scrollTo(1); // the verdict and the why are at the bottom
            return;
        }
        shown.clear();
        cards.getChildren().clear();
        FeatureTile asked = quiz.asked();
        map.setImage(asked == null ? null : FxImages.ofArgb(asked.argb(), asked.width(), asked.height()));
        map.setUserData(asked == null ? null : asked.values()); // the numbers behind the picture, for tests
        for (FilterQuizViewModel.Candidate c : quiz.candidates()) {
            Card card = new Card(c.position(), c.channel(), c.filter(), c.map());
            shown.add(card);
            cards.getChildren().add(card);
        }
        scrollTo(0);
    }

    private void choose(int position) {
        quiz.choose(position);
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


    /** One candidate: its key, the filter drawn as the Filters view draws it, and (after the reveal) its own map. */
    private static final class Card extends VBox {
        private final Label mark = new Label();
        private final VBox own;
        private final String spoken; // "Choice 2: filter 7", before the reveal adds right or wrong

        Card(int position, int channel, Volume filter, FeatureTile map) {
            super(4);
            setId("filter-quiz-card-" + (position + 1));
            getStyleClass().add("quiz-candidate");
            setFocusTraversable(true);
            setUserData(channel);
            Label key = new Label(Integer.toString(position + 1));
            key.getStyleClass().add("quiz-key");
            Label name = new Label(tr("maps.quiz.filter", channel + 1));
            name.setId("filter-quiz-name-" + (position + 1));
            HBox head = new HBox(10, key, name);
            setAccessibleRole(javafx.scene.AccessibleRole.BUTTON);
            spoken = tr("a11y.quiz.candidate", position + 1, channel + 1);
            setAccessibleText(spoken);
            head.setAlignment(Pos.CENTER_LEFT);
            VBox drawn = new VBox(2, filterImage(filter), new Label(filter.height() + "x" + filter.width() + "x"
                    + filter.channels()));
            drawn.setAlignment(Pos.TOP_CENTER);
            ImageView mapView = new ImageView(FxImages.ofArgb(map.argb(), map.width(), map.height()));
            mapView.setSmooth(false);
            mapView.setPreserveRatio(true);
            mapView.setFitWidth(FILTER_SIZE);
            mapView.setFitHeight(FILTER_SIZE);
            own = new VBox(2, mapView, new Label(tr("maps.quiz.itsMap")));
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

        void reveal(FilterQuizViewModel.Mark m) {
            own.setVisible(true);
            if (m == FilterQuizViewModel.Mark.RIGHT || m == FilterQuizViewModel.Mark.RIGHT_CHOSEN) {
                getStyleClass().add("quiz-right");
                mark.setText(m == FilterQuizViewModel.Mark.RIGHT_CHOSEN ? tr("maps.quiz.rightChosen") : tr("maps.quiz.right"));
                setAccessibleText(spoken + ". " + tr("a11y.quiz.right", mark.getText()));
            } else if (m == FilterQuizViewModel.Mark.WRONG_CHOSEN) {
                getStyleClass().add("quiz-wrong");
                mark.setText(tr("maps.quiz.wrongChosen"));
                setAccessibleText(spoken + ". " + tr("a11y.quiz.wrong", mark.getText()));
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
            return new VBox(2, g, new Label(tr("maps.moreChannels", row.channels().size() - 4)));
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
