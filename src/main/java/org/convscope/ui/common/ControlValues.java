package org.convscope.ui.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;

/**
 * Reads and sets the values of a form's controls by their ids, as text: a text field's text, a check box's or toggle's
 * {@code true}/{@code false}, a spinner's value, and a choice's position in its list (choices show converted text, so
 * their position is what stays the same). Setting a value goes through the control, so its handlers run as if the
 * user had chosen it. Lessons keep a screen's settings this way.
 */
public final class ControlValues {

    private ControlValues() {
    }

    /**
     * Reads the controls with these ids under {@code root}; ids not found (or of other controls) are left out.
     *
     * @return values by id, in the order given
     */
    public static Map<String, String> read(Node root, List<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            Node n = root.lookup("#" + id);
            String v = n instanceof TextInputControl t ? t.getText()
                    : n instanceof CheckBox c ? Boolean.toString(c.isSelected())
                    : n instanceof ToggleButton t ? Boolean.toString(t.isSelected())
                    : n instanceof Spinner<?> s ? String.valueOf(s.getValue())
                    : n instanceof ChoiceBox<?> c ? Integer.toString(c.getItems().indexOf(c.getValue()))
                    : n instanceof ComboBox<?> c ? Integer.toString(c.getItems().indexOf(c.getValue())) : null;
            if (v != null) {
                out.put(id, v);
            }
        }
        return out;
    }

    /**
     * Sets the controls under {@code root} to these values; an id not found or a value that does not fit (a position
     * past the list, a spinner value it cannot take) is skipped, leaving that control as it is.
     */
    public static void write(Node root, Map<String, String> values) {
        values.forEach((id, v) -> {
            Node n = root.lookup("#" + id);
            try {
                if (n instanceof TextInputControl t) {
                    t.setText(v);
                } else if (n instanceof CheckBox c) {
                    c.setSelected(Boolean.parseBoolean(v));
                } else if (n instanceof ToggleButton t) {
                    t.setSelected(Boolean.parseBoolean(v));
                } else if (n instanceof Spinner<?> s) {
                    setSpinner(s, v);
                } else if (n instanceof ChoiceBox<?> c) {
                    select(c, Integer.parseInt(v));
                } else if (n instanceof ComboBox<?> c) {
                    select(c, Integer.parseInt(v));
                }
            } catch (RuntimeException e) {
                // a value this version's control cannot take: the control keeps its own
            }
        });
    }

    private static <T> void setSpinner(Spinner<T> s, String v) {
        T value = s.getValueFactory().getConverter().fromString(v);
        if (value != null) {
            s.getValueFactory().setValue(value);
        }
    }

    private static <T> void select(ChoiceBox<T> c, int i) {
        if (i >= 0 && i < c.getItems().size()) {
            c.setValue(c.getItems().get(i));
        }
    }

    private static <T> void select(ComboBox<T> c, int i) {
        if (i >= 0 && i < c.getItems().size()) {
            c.setValue(c.getItems().get(i));
        }
    }

    /**
     * Shows a padding mode: Keras' own {@code valid} and {@code same} as Keras writes them, ConvScope's
     * {@code explicit} (a number of zero cells on each side) in the user's language.
     */
    public static javafx.util.StringConverter<String> paddingModes() {
        return shownAs(m -> "explicit".equals(m) ? I18n.tr("padding.explicit") : m);
    }

    /**
     * A one-way converter for a choice that shows its items as {@code text} gives them (null as nothing); the items
     * are never typed, so reading text back gives null.
     */
    public static <T> javafx.util.StringConverter<T> shownAs(java.util.function.Function<T, String> text) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}
