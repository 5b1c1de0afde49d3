package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.function.IntFunction;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.convscope.core.conv.Num;
import org.convscope.imaging.FilterTiles;
import org.convscope.ui.common.FxImages;

/**
 * The Filters view's rows: one per filter, a gray tile per input channel (and an RGB composite for a colour layer).
 * A SeparableConv2D layer shows its two parts, each under a heading: the depthwise part (one {@code kh x kw} tile per
 * input channel) and the pointwise part (its 1x1 kernel as one matrix, inputs down and filters across).
 */
final class FilterRows {

    /** Input channels drawn per row; the rest are counted. */
    private static final int MAX_CHANNELS = 8;

    private FilterRows() {
    }

    /**
     * Fills a box with the view model's filter rows.
     *
     * @param box the box (emptied first)
     * @param vm the screen's view model
     * @param openFilter opens a clicked filter on the Convolution screen
     * @param label names filter {@code f} for the Convolution screen
     */
    static void fill(VBox box, FeatureMapsViewModel vm, FeatureMapsScreen.OpenFilter openFilter,
                     IntFunction<String> label) {
        box.getChildren().clear();
        var rows = vm.filterRows();
        if (rows.isEmpty()) {
            return;
        }
        FilterTiles.Row pointwise = vm.pointwiseRow();
        int cin = rows.get(0).channels().size();
        if (pointwise != null) {
            var k = rows.get(0).filter();
            box.getChildren().add(heading("filters-depthwise", tr("maps.separable.depthwise",
                    k.height() + "x" + k.width(), pointwise.filter().height())));
        }
        HBox header = new HBox(8);
        Label num = new Label(tr(pointwise != null ? "maps.separable.channelColumn" : "maps.filterColumn"));
        num.setPrefWidth(60);
        header.getChildren().add(num);
        for (int ch = 0; ch < Math.min(cin, MAX_CHANNELS); ch++) {
            Label l = new Label(cin == 3 ? new String[] {"R", "G", "B"}[ch] : tr("maps.inChannel", ch + 1));
            l.setPrefWidth(rows.get(0).width());
            header.getChildren().add(l);
        }
        if (rows.get(0).rgb() != null) {
            header.getChildren().add(new Label("RGB"));
        }
        box.getChildren().add(header);
        for (var r : rows) {
            box.getChildren().add(row(r, cin, vm, openFilter, label));
        }
        if (pointwise != null) {
            box.getChildren().add(heading("filters-pointwise", tr("maps.separable.pointwise",
                    pointwise.filter().height(), pointwise.filter().width())));
            ImageView matrix = new ImageView(FxImages.ofArgb(pointwise.channels().get(0), pointwise.width(),
                    pointwise.height()));
            matrix.setId("pointwise-matrix");
            String tip = tr("maps.separable.pointwiseTip", pointwise.filter().height(), pointwise.filter().width(),
                    Num.format(pointwise.min()), Num.format(pointwise.max()));
            Tooltip.install(matrix, new Tooltip(tip));
            matrix.setAccessibleText(tip);
            box.getChildren().add(matrix);
        }
    }

    private static Label heading(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.getStyleClass().add("filters-heading");
        l.setWrapText(true);
        l.setStyle("-fx-font-weight: bold; -fx-padding: 6 0 2 0;");
        return l;
    }

    private static HBox row(FilterTiles.Row r, int cin, FeatureMapsViewModel vm,
                            FeatureMapsScreen.OpenFilter openFilter, IntFunction<String> label) {
        HBox row = new HBox(8);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("filter-row");
        row.setId("filter-" + r.index());
        row.setAccessibleText(tr("a11y.tile.filter", r.index() + 1, Math.max(vm.channelsInLayer(), r.index() + 1),
                org.convscope.ui.common.Spoken.number(r.min()), org.convscope.ui.common.Spoken.number(r.max())));
        Label n = new Label("#" + (r.index() + 1));
        n.setPrefWidth(60);
        row.getChildren().add(n);
        for (int ch = 0; ch < Math.min(cin, MAX_CHANNELS); ch++) {
            row.getChildren().add(new ImageView(FxImages.ofArgb(r.channels().get(ch), r.width(), r.height())));
        }
        if (cin > MAX_CHANNELS) {
            row.getChildren().add(new Label(tr("maps.moreChannels", cin - MAX_CHANNELS)));
        }
        if (r.rgb() != null) {
            row.getChildren().add(new ImageView(FxImages.ofArgb(r.rgb(), r.width(), r.height())));
        }
        Tooltip.install(row, new Tooltip(tr("maps.filterTip", r.index() + 1,
                r.filter().height() + "x" + r.filter().width() + "x" + cin, Num.format(r.min()), Num.format(r.max()),
                Double.isNaN(vm.filterBias(r.index())) ? tr("maps.noBias")
                : tr("maps.bias", Num.format(vm.filterBias(r.index()))))));
        org.convscope.ui.common.Pressable.install(row, () -> openFilter.open(r.filter(), label.apply(r.index()),
                vm.convSettingsOf(r.index()), vm.layerInput(), vm.layerInputName())); // click, or Tab and Enter
        return row;
    }
}
