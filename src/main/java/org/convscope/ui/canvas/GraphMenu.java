package org.convscope.ui.canvas;

import static org.convscope.ui.common.I18n.tr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Window;
import org.convscope.core.edit.LayerSpecs;

/**
 * The graph edits as menu items, for the canvas's context menu and the Build toolbar's "Graph" menu: add a branch
 * from the selected block, mark a block, join it with the selected one (Add or Concatenate), delete the selected
 * layer. The keys shown are the canvas's own (see {@link CanvasPane}).
 */
final class GraphMenu {

    private GraphMenu() {
    }

    /** Returns the items for the current selection and mark (built afresh each time the menu shows). */
    static List<MenuItem> items(BuildViewModel vm) {
        int sel = vm.selectedProperty().get();
        int n = vm.model().layers().size();
        boolean block = sel >= 0 && sel <= n;
        String selName = sel == 0 ? org.convscope.core.model.ModelGraph.INPUT : block ? vm.layerName(sel) : "";
        Menu branch = new Menu(block ? tr("canvas.menu.branchFrom", selName) : tr("canvas.menu.branch"));
        branch.setId("menu-branch");
        branch.setMnemonicParsing(false);
        branch.setDisable(!block);
        for (String type : LayerSpecs.PALETTE) {
            MenuItem t = new MenuItem(type);
            t.setId("menu-branch-" + type.toLowerCase());
            if (type.equals("Conv2D")) {
                t.setText(keyed(type, tr("canvas.key.branch")));
            }
            t.setOnAction(e -> vm.addBranch(type));
            branch.getItems().add(t);
        }
        int mark = vm.markedProperty().get();
        MenuItem markItem = new MenuItem(mark == sel && block ? tr("canvas.menu.unmark", selName)
                : block ? tr("canvas.menu.markName", selName) : tr("canvas.menu.mark"));
        markItem.setId("menu-mark");
        markItem.setMnemonicParsing(false);
        markItem.setText(keyed(markItem.getText(), tr("canvas.key.space")));
        markItem.setDisable(!block);
        markItem.setOnAction(e -> vm.toggleMark(sel));
        String other = vm.canJoin() ? (mark == 0 ? org.convscope.core.model.ModelGraph.INPUT : vm.layerName(mark)) : "";
        MenuItem add = new MenuItem(vm.canJoin() ? tr("canvas.menu.joinAdd", other, selName)
                : tr("canvas.menu.joinAddFirst"));
        add.setId("menu-join-add");
        add.setMnemonicParsing(false);
        add.setText(keyed(add.getText(), tr("canvas.key.join")));
        add.setDisable(!vm.canJoin());
        add.setOnAction(e -> vm.join(false));
        MenuItem cat = new MenuItem(vm.canJoin() ? tr("canvas.menu.joinConcatenate", other, selName)
                : tr("canvas.menu.joinConcatenateFirst"));
        cat.setId("menu-join-concatenate");
        cat.setMnemonicParsing(false);
        cat.setText(keyed(cat.getText(), tr("canvas.key.joinConcatenate")));
        cat.setDisable(!vm.canJoin());
        cat.setOnAction(e -> vm.join(true));
        MenuItem delete = new MenuItem(sel >= 1 && block ? tr("canvas.menu.deleteName", selName) : tr("canvas.menu.delete"));
        delete.setId("menu-graph-delete");
        delete.setMnemonicParsing(false);
        delete.setText(keyed(delete.getText(), tr("canvas.key.delete")));
        delete.setDisable(!(sel >= 1 && block));
        delete.setOnAction(e -> vm.deleteSelected());
        List<MenuItem> out = new ArrayList<>(List.of(branch, new SeparatorMenuItem(), markItem, add, cat,
                new SeparatorMenuItem(), delete));
        return out;
    }

    /**
     * Names the canvas key of an item in its text. Not an accelerator: those act on the whole window, and Space or
     * Delete belong to a text field while it has the focus.
     */
    private static String keyed(String text, String key) {
        return text + "   (" + key + ")";
    }

    /**
     * Asks which input the layers after a deleted join take, in a dialog owned by and centred on {@code owner}.
     *
     * @param owner the main window (may be null in tests)
     * @param joinName the join's name
     * @param inputs the names of its inputs
     * @return the index of the chosen input, or empty if cancelled
     */
    static Optional<Integer> chooseInput(Window owner, String joinName, List<String> inputs) {
        ChoiceDialog<String> d = new ChoiceDialog<>(inputs.get(0), inputs);
        d.setTitle(tr("canvas.menu.deleteName", joinName));
        d.setHeaderText(tr("canvas.joinDialog.header", joinName));
        d.setContentText(tr("canvas.joinDialog.keep"));
        d.getDialogPane().setId("join-input-dialog");
        org.convscope.ui.common.Dialogs.own(d, owner);
        return d.showAndWait().map(inputs::indexOf);
    }
}
