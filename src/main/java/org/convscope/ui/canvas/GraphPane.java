package org.convscope.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import org.convscope.app.GraphLayout;
import org.convscope.core.model.ModelSpec;

/**
 * The blocks of a graph model where {@link GraphLayout} puts them, with an orthogonal line and an arrowhead for every
 * connection and the shape of the tensor on it. Blocks are measured first (their size depends on the font and the
 * texts), then laid out; the layout is computed again only when a size changed.
 */
final class GraphPane extends javafx.scene.layout.Pane {

    private static final double ARROW = 6;
    /** The colour of the drop indicator (Primer's accent). */
    private static final Color DROP = Color.web("#0969da");

    private final ModelSpec model;
    private final boolean vertical;
    private final List<Node> blocks;
    private final List<Label> labels;
    private final Label output;
    private final List<int[]> pairs;
    private final List<Polyline> lines = new ArrayList<>();
    private final List<Polygon> heads = new ArrayList<>();
    private List<GraphLayout.Size> measured = List.of();
    private GraphLayout.Result result;
    /** Where the drawing starts inside the pane (it is centred across the room the scroll pane gives). */
    private double shiftX;
    private double shiftY;
    /** Shows where a dragged layer would go: a bar after a block (a highlighted connection shows the other case). */
    private final javafx.scene.layout.Region dropMarker = new javafx.scene.layout.Region();
    private GraphDrop shownDrop;

    /**
     * Creates the pane.
     *
     * @param model the model
     * @param vertical top to bottom, else left to right
     * @param blocks the input block and one block per layer
     * @param labels one shape label per connection, in {@link GraphLayout#connections} order
     * @param output shown after the last block (its output shape), or null
     */
    GraphPane(ModelSpec model, boolean vertical, List<Node> blocks, List<Label> labels, Label output) {
        this.model = model;
        this.vertical = vertical;
        this.blocks = List.copyOf(blocks);
        this.labels = List.copyOf(labels);
        this.output = output;
        this.pairs = GraphLayout.connections(model);
        getStyleClass().add("graph");
        for (int k = 0; k < pairs.size(); k++) {
            Polyline line = new Polyline();
            line.getStyleClass().add("graph-edge");
            line.setStroke(Color.GRAY);
            line.setStrokeWidth(1.5);
            Polygon head = new Polygon();
            head.getStyleClass().add("graph-arrow");
            head.setFill(Color.GRAY);
            lines.add(line);
            heads.add(head);
        }
        getChildren().addAll(lines);
        getChildren().addAll(heads);
        getChildren().addAll(this.labels);
        getChildren().addAll(this.blocks);
        if (output != null) {
            getChildren().add(output);
        }
        dropMarker.getStyleClass().add("drop-marker");
        dropMarker.setId("drop-marker");
        dropMarker.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(DROP,
                new javafx.scene.layout.CornerRadii(2), null)));
        dropMarker.setManaged(false);
        dropMarker.setMouseTransparent(true);
        dropMarker.setVisible(false);
        getChildren().add(dropMarker);
    }

    /**
     * Returns where a layer dropped at a point of this pane goes (see {@link GraphDrop#at}), or null before the first
     * layout.
     */
    GraphDrop dropAt(double x, double y) {
        if (result == null) {
            return null;
        }
        List<GraphLayout.Size> sizes = new ArrayList<>();
        for (Label l : labels) {
            sizes.add(new GraphLayout.Size(l.getWidth(), l.getHeight()));
        }
        return GraphDrop.at(result, sizes, x - shiftX, y - shiftY);
    }

    /** Returns where a layer dropped at scene coordinates goes, and shows it (see {@link #showDrop}). */
    GraphDrop preview(double sceneX, double sceneY) {
        javafx.geometry.Point2D p = sceneToLocal(sceneX, sceneY);
        GraphDrop d = dropAt(p.getX(), p.getY());
        showDrop(d);
        return d;
    }

    /** Returns the drop target shown, or null. */
    GraphDrop shownDrop() {
        return shownDrop;
    }

    /**
     * Shows where a dragged layer would go: the connection drawn thick in the accent colour, or a bar right after
     * the block; null hides it.
     */
    void showDrop(GraphDrop d) {
        if (java.util.Objects.equals(d, shownDrop)) {
            return;
        }
        if (shownDrop != null && shownDrop.edge()) {
            Polyline line = lines.get(shownDrop.index());
            line.getStyleClass().remove("drop-target");
            line.setStroke(Color.GRAY);
            line.setStrokeWidth(1.5);
            heads.get(shownDrop.index()).setFill(Color.GRAY);
        }
        shownDrop = d;
        dropMarker.setVisible(d != null && !d.edge());
        if (d != null && d.edge()) {
            Polyline line = lines.get(d.index());
            line.getStyleClass().add("drop-target");
            line.setStroke(DROP);
            line.setStrokeWidth(4);
            heads.get(d.index()).setFill(DROP);
            line.toFront();
        } else if (d != null) {
            Node b = blocks.get(d.index());
            double w = b.getLayoutBounds().getWidth();
            double h = b.getLayoutBounds().getHeight();
            if (vertical) {
                dropMarker.resizeRelocate(b.getLayoutX() + shiftX, b.getLayoutY() + h + 3 + shiftY, w, 5);
            } else {
                dropMarker.resizeRelocate(b.getLayoutX() + w + 3 + shiftX, b.getLayoutY() + shiftY, 5, h);
            }
            dropMarker.toFront();
        }
    }

    /** Returns the computed layout (null before the first layout pass). */
    GraphLayout.Result result() {
        return result;
    }

    private GraphLayout.Result ensureLayout() {
        List<GraphLayout.Size> sizes = new ArrayList<>();
        for (Node b : blocks) {
            double w = Math.ceil(b.prefWidth(-1));
            sizes.add(new GraphLayout.Size(w, Math.ceil(b.prefHeight(w))));
        }
        double[][] label = new double[blocks.size()][2];
        for (int k = 0; k < pairs.size(); k++) {
            int from = pairs.get(k)[0];
            label[from][0] = Math.max(label[from][0], Math.ceil(labels.get(k).prefWidth(-1)));
            label[from][1] = Math.max(label[from][1], Math.ceil(labels.get(k).prefHeight(-1)));
        }
        for (double[] l : label) {
            sizes.add(new GraphLayout.Size(l[0], l[1]));
        }
        if (result == null || !sizes.equals(measured)) {
            measured = sizes;
            result = GraphLayout.layout(model, sizes.subList(0, blocks.size()), sizes.subList(blocks.size(),
                    sizes.size()), vertical);
        }
        return result;
    }

    @Override
    protected double computePrefWidth(double height) {
        GraphLayout.Result r = ensureLayout();
        return vertical || output == null ? r.width() : r.width() + output.prefWidth(-1) + 12;
    }

    @Override
    protected double computePrefHeight(double width) {
        GraphLayout.Result r = ensureLayout();
        return vertical && output != null ? r.height() + output.prefHeight(-1) + 12 : r.height();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height); // a scroll pane that fits the width must not squeeze the drawing
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        GraphLayout.Result r = ensureLayout();
        // centred across the room the scroll pane gives (as the chain's column is)
        double dx = vertical ? Math.max(0, Math.floor((getWidth() - computePrefWidth(-1)) / 2)) : 0;
        double dy = vertical ? 0 : Math.max(0, Math.floor((getHeight() - computePrefHeight(-1)) / 2));
        shiftX = dx;
        shiftY = dy;
        for (Node n : getChildren()) {
            if (n != dropMarker) {
                n.setTranslateX(dx);
                n.setTranslateY(dy);
            }
        }
        for (GraphLayout.Node n : r.nodes()) {
            blocks.get(n.index()).resizeRelocate(n.x(), n.y(), n.width(), n.height());
        }
        for (int k = 0; k < r.edges().size(); k++) {
            GraphLayout.Edge e = r.edges().get(k);
            Label l = labels.get(k);
            l.resizeRelocate(e.label().x(), e.label().y(), l.prefWidth(-1), l.prefHeight(-1));
            List<Double> points = new ArrayList<>();
            e.points().forEach(p -> {
                points.add(p.x());
                points.add(p.y());
            });
            lines.get(k).getPoints().setAll(points);
            GraphLayout.Point end = e.points().get(e.points().size() - 1);
            heads.get(k).getPoints().setAll(vertical
                    ? List.of(end.x(), end.y(), end.x() - ARROW / 2 - 1, end.y() - ARROW, end.x() + ARROW / 2 + 1,
                            end.y() - ARROW)
                    : List.of(end.x(), end.y(), end.x() - ARROW, end.y() - ARROW / 2 - 1, end.x() - ARROW,
                            end.y() + ARROW / 2 + 1));
        }
        if (output != null && !r.nodes().isEmpty()) {
            GraphLayout.Node last = r.nodes().get(r.nodes().size() - 1);
            double w = output.prefWidth(-1);
            double h = output.prefHeight(-1);
            if (vertical) {
                output.resizeRelocate(last.x() + (last.width() - w) / 2, last.y() + last.height() + 8, w, h);
            } else {
                output.resizeRelocate(last.x() + last.width() + 8, last.y() + (last.height() - h) / 2, w, h);
            }
        }
    }
}
