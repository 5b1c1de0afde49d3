package org.convscope.ui.common;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A navigation entry whose screen is not built yet: it says what the screen will do, so the shell
 * shows the app's whole shape from the start.
 */
public final class PlaceholderScreen implements Screen {

    private final String id;
    private final String title;
    private final VBox view;

    /**
     * Creates the placeholder.
     *
     * @param id screen id
     * @param title navigation title
     * @param plan one paragraph on what the screen will let the user do
     */
    public PlaceholderScreen(String id, String title, String plan) {
        this.id = id;
        this.title = title;
        Label heading = new Label(title);
        heading.getStyleClass().add(Css.SCREEN_TITLE);
        Label text = new Label(plan);
        text.getStyleClass().add("placeholder-text");
        Label note = new Label("This screen is not built yet.");
        note.getStyleClass().add(Css.SUBTITLE);
        view = new VBox(16, heading, text, note);
        view.setPadding(new Insets(24));
        view.setId("screen-" + id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Node view() {
        return view;
    }
}
