package org.convscope.ui.common;

import javafx.scene.Node;

/** One screen of the app, shown in the main window when its navigation entry is chosen. */
public interface Screen {

    /** Returns a stable id, used for node ids ({@code nav-<id>}) and shortcuts, e.g. {@code build}. */
    String id();

    /** Returns the name shown in the navigation, e.g. {@code Build}. */
    String title();

    /** Returns the screen's root node, created once. */
    Node view();
}
