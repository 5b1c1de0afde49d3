package org.convscope.ui.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.Axis;
import javafx.scene.chart.Chart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableView;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/**
 * Every text a scene shows, with where it is: labels and buttons, {@link Text} nodes, prompt texts, tooltips,
 * accessible texts, menu items (menu bars, menu buttons, context menus), tab titles, table column headers, the items
 * of choice boxes and combo boxes (as their converter shows them), chart titles and axis labels. Invisible nodes
 * are skipped (a hidden label is not on screen); what a text field holds is the user's (or code to copy), so only
 * its prompt is read.
 */
final class ShownTexts {

    /** A text and the path of the node that shows it, e.g. {@code screen-train > Label#train-status}. */
    record Shown(String text, String where) {
    }

    private final Map<String, Shown> found = new LinkedHashMap<>();
    private final Map<String, Shown> cut = new LinkedHashMap<>();

    /** The labels shown shortened with an ellipsis (long words of German and Spanish), as "full -> shown". */
    List<Shown> cut() {
        return new ArrayList<>(cut.values());
    }

    /** The texts found so far, each once (the first place it was seen). */
    List<Shown> all() {
        return new ArrayList<>(found.values());
    }

    /** Reads every text under {@code root}; {@code where} starts each path (the screen or dialog). */
    void collect(Node root, String where) {
        walk(root, where);
    }

    /** Reads a menu bar's menus and all their items, opened or not. */
    void collectMenus(MenuBar bar, String where) {
        for (Menu m : bar.getMenus()) {
            item(m, where);
        }
    }

    private void add(String text, String where) {
        if (text == null || text.isBlank()) {
            return;
        }
        found.putIfAbsent(text.strip() + "\u0000" + where, new Shown(text.strip(), where));
    }

    private void walk(Node n, String path) {
        if (!n.isVisible()) {
            return;
        }
        String here = path + " > " + n.getClass().getSimpleName() + (n.getId() != null ? "#" + n.getId() : "");
        if (n instanceof Labeled l) {
            add(l.getText(), here);
            if (l.lookup(".text") instanceof Text t && l.getText() != null && !t.getText().equals(l.getText())
                    && !l.isWrapText()) {
                cut.putIfAbsent(l.getText() + "\u0000" + here, new Shown(l.getText() + " -> " + t.getText(), here));
            }
        }
        if (n instanceof Text t && !t.getClass().getSimpleName().equals("LabeledText")) {
            add(t.getText(), here);
        }
        add(n.getAccessibleText(), here + " [accessibleText]");
        add(n.getAccessibleHelp(), here + " [accessibleHelp]");
        Object tip = n instanceof Control c && c.getTooltip() != null ? c.getTooltip()
                : n.getProperties().get("javafx.scene.control.Tooltip");
        if (tip instanceof Tooltip t) {
            add(t.getText(), here + " [tooltip]");
        }
        if (n instanceof Control c && c.getContextMenu() != null) {
            contextMenu(c.getContextMenu(), here + " [context menu]");
        }
        if (n instanceof MenuButton b) {
            b.getItems().forEach(i -> item(i, here));
        }
        if (n instanceof TabPane tabs) {
            for (Tab t : tabs.getTabs()) {
                add(t.getText(), here + " [tab]");
                if (t.getTooltip() != null) {
                    add(t.getTooltip().getText(), here + " [tab tooltip]");
                }
            }
        }
        if (n instanceof TableView<?> table) {
            table.getColumns().forEach(c -> column(c, here));
        }
        if (n instanceof TreeTableView<?> table) {
            table.getColumns().forEach(c -> column(c, here));
        }
        if (n instanceof ChoiceBox<?> box) {
            choiceItems(box, here);
        }
        if (n instanceof ComboBox<?> box) {
            comboItems(box, here);
            add(box.getPromptText(), here + " [prompt]");
        }
        if (n instanceof Chart chart) {
            add(chart.getTitle(), here + " [chart title]");
            if (chart instanceof XYChart<?, ?> xy) {
                axis(xy.getXAxis(), here);
                axis(xy.getYAxis(), here);
                xy.getData().forEach(s -> add(s.getName(), here + " [series]"));
            }
        }
        if (n instanceof TextInputControl input) {
            add(input.getPromptText(), here + " [prompt]");
            return; // its content is the user's
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, here);
            }
        }
    }

    private void axis(Axis<?> axis, String here) {
        if (axis != null) {
            add(axis.getLabel(), here + " [axis]");
        }
    }

    private void column(TableColumnBase<?, ?> c, String here) {
        add(c.getText(), here + " [column]");
        c.getColumns().forEach(child -> column(child, here));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void choiceItems(ChoiceBox box, String here) {
        StringConverter converter = box.getConverter();
        for (Object item : box.getItems()) {
            add(converter != null ? converter.toString(item) : String.valueOf(item), here + " [item]");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void comboItems(ComboBox box, String here) {
        if (box.getCellFactory() != null) {
            return; // shown by its own cells: read when the list is open (see the test)
        }
        StringConverter converter = box.getConverter();
        for (Object item : box.getItems()) {
            add(converter != null ? converter.toString(item) : String.valueOf(item), here + " [item]");
        }
    }

    /** Reads a context menu's items. */
    void contextMenu(ContextMenu menu, String where) {
        menu.getItems().forEach(i -> item(i, where));
    }

    private void item(MenuItem item, String where) {
        String here = where + " > " + (item.getId() != null ? item.getId() : item.getClass().getSimpleName());
        add(item.getText(), here);
        if (item instanceof Menu m) {
            m.getItems().forEach(i -> item(i, here));
        }
    }
}
