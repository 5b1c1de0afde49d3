package org.convscope.ui.common;

import static org.convscope.ui.common.I18n.tr;

import org.convscope.core.model.ModelSpec;
import org.convscope.io.Presets;

/**
 * A bundled preset's name and description in the user's language ({@code preset.<id>.name},
 * {@code preset.<id>.description}); the preset files keep English. Any other model's (a user's, or a preset the user
 * renamed or re-described) is shown as written.
 */
public final class PresetTexts {

    private PresetTexts() {
    }

    /** The model's name, translated where it is a bundled preset's unchanged name. */
    public static String name(ModelSpec model) {
        String n = model.name();
        return Presets.all().stream().filter(p -> p.model().name().equals(n) && !n.isEmpty()).findFirst()
                .map(p -> tr("preset." + p.id() + ".name")).orElse(n);
    }

    /** The model's description, translated where it is a bundled preset's unchanged description. */
    public static String description(ModelSpec model) {
        String d = model.description();
        return Presets.all().stream().filter(p -> p.model().description().equals(d) && !d.isEmpty()).findFirst()
                .map(p -> tr("preset." + p.id() + ".description")).orElse(d);
    }
}
