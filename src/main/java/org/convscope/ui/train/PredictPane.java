package org.convscope.ui.train;

import static org.convscope.ui.common.I18n.tr;

import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.convscope.ui.common.Css;
import org.convscope.ui.common.FxImages;

/**
 * "Predict an image...": the image, the model's three most likely classes with bars and the weights that answered,
 * and "Why?" (Grad-CAM or occlusion) drawn over the image with its caption.
 */
final class PredictPane {

    private final PredictionViewModel vm;
    private final VBox view;
    private final ImageView heat = new ImageView();
    private final Label heatCaption = new Label();
    private final Slider opacity = new Slider(0, 1, 0.55);

    /**
     * @param evaluate runs Evaluate on test images
     * @param running true while training (Evaluate waits for the end)
     */
    PredictPane(PredictionViewModel vm, Runnable evaluate, ObservableBooleanValue running, Supplier<Window> window) {
        this.vm = vm;
        Button choose = new Button(tr("train.predict.choose"));
        choose.setId("train-predict");
        choose.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(tr("train.predict.chooserTitle"));
            chooser.getExtensionFilters().add(FxImages.imageFilter());
            var f = chooser.showOpenDialog(window.get());
            if (f != null) {
                vm.predict(f.toPath());
            }
        });
        Label hint = new Label(tr("train.predict.hint"));
        hint.getStyleClass().add(Css.SUBTITLE);
        hint.setWrapText(true);
        Button evaluateButton = new Button(tr("train.predict.evaluate"));
        evaluateButton.setId("train-evaluate");
        evaluateButton.setTooltip(new Tooltip(tr("train.predict.evaluate.tooltip")));
        evaluateButton.setOnAction(e -> evaluate.run());
        evaluateButton.disableProperty().bind(running);
        for (Region r : new Region[] {choose, evaluateButton}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        FlowPane top = new FlowPane(10, 8, choose, evaluateButton, hint);
        top.setAlignment(Pos.CENTER_LEFT);
        HBox answer = new HBox(12);
        answer.setId("train-prediction");
        answer.setAlignment(Pos.CENTER_LEFT);
        vm.predictionProperty().addListener((o, a, p) -> showPrediction(answer, p));
        answer.setMinWidth(Region.USE_PREF_SIZE);
        // side by side where the window is wide enough, the map below the prediction otherwise
        view = new VBox(8, top, new FlowPane(24, 12, answer, heatBox()));
    }

    Node view() {
        return view;
    }

    private void showPrediction(HBox answer, PredictionViewModel.Prediction p) {
        answer.getChildren().clear();
        if (p == null) {
            return;
        }
        var raster = p.image();
        double scale = 96.0 / Math.max(raster.width(), raster.height());
        ImageView image = new ImageView(FxImages.of(raster, 1));
        image.setFitWidth(raster.width() * scale);
        image.setFitHeight(raster.height() * scale);
        VBox bars = new VBox(4);
        for (int k = 0; k < p.classes().size(); k++) {
            ProgressBar b = new ProgressBar(p.probabilities()[k]);
            b.setPrefWidth(180);
            Label l = new Label(tr("train.predict.classProbability", p.classes().get(k),
                    String.format(Locale.ROOT, "%.1f", 100 * p.probabilities()[k])));
            l.setId("train-prediction-" + k);
            l.setMinWidth(Region.USE_PREF_SIZE);
            bars.getChildren().add(new HBox(8, b, l));
        }
        Label weights = new Label(tr("train.predict.weights", p.weights().version().label()));
        weights.setId("train-prediction-weights");
        weights.getStyleClass().add(Css.SUBTITLE);
        Button gradCam = new Button(tr("train.predict.gradCam"));
        gradCam.setId("train-why");
        gradCam.setOnAction(e -> vm.explain(PredictionViewModel.Method.GRAD_CAM));
        gradCam.setTooltip(new Tooltip(tr("train.predict.gradCam.tooltip")));
        Button occlusion = new Button(tr("train.predict.occlusion"));
        occlusion.setId("train-why-occlusion");
        occlusion.setOnAction(e -> vm.explain(PredictionViewModel.Method.OCCLUSION));
        occlusion.setTooltip(new Tooltip(tr("train.predict.occlusion.tooltip")));
        for (Button b : new Button[] {gradCam, occlusion}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        answer.getChildren().addAll(image, new VBox(4, new Label(p.name()), bars, weights, new FlowPane(6, 6, gradCam, occlusion)));
    }

    private HBox heatBox() {
        heat.setId("train-occlusion");
        heat.setSmooth(false);
        opacity.setId("train-occlusion-opacity");
        opacity.setPrefWidth(160);
        heatCaption.setId("train-explanation-caption");
        heatCaption.setWrapText(true);
        heatCaption.setMaxWidth(300);
        vm.explanationProperty().addListener((o, a, b) -> drawHeat());
        opacity.valueProperty().addListener((o, a, b) -> drawHeat());
        Label opacityLabel = new Label(tr("train.predict.opacity"));
        opacityLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox heatBox = new HBox(10, heat, new VBox(6, heatCaption, new HBox(6, opacityLabel, opacity)));
        heatBox.visibleProperty().bind(vm.explanationProperty().isNotNull());
        heatBox.managedProperty().bind(heatBox.visibleProperty());
        heatBox.setMinWidth(Region.USE_PREF_SIZE);
        return heatBox;
    }

    private void drawHeat() {
        var ex = vm.explanationProperty().get();
        if (ex == null) {
            heat.setImage(null);
            heatCaption.setText("");
            return;
        }
        int scale = Math.max(1, 192 / Math.max(ex.input().height(), ex.input().width()));
        boolean cam = ex.method() == PredictionViewModel.Method.GRAD_CAM;
        var raster = cam ? org.convscope.imaging.HeatOverlay.renderPositive(ex.input(), ex.heat(), opacity.getValue(), scale)
                : org.convscope.imaging.HeatOverlay.render(ex.input(), ex.heat(), opacity.getValue(), scale);
        heat.setImage(FxImages.of(raster, 1));
        heatCaption.setText(caption(ex));
    }

    /** The caption under "Why?": the class, how it was made, the weights, the input size. */
    static String caption(PredictionViewModel.Explanation ex) {
        return ex.method() == PredictionViewModel.Method.GRAD_CAM
                ? tr("train.predict.captionGradCam", ex.className(), ex.detail(), ex.input().height(), ex.input().width())
                : tr("train.predict.captionOcclusion", ex.className(), ex.detail(), ex.input().height(), ex.input().width());
    }
}
