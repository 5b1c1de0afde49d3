package org.convscope.ui.featuremaps;

import static org.convscope.ui.common.I18n.tr;

import java.util.Optional;
import org.convscope.core.analysis.MemoryEstimate;
import org.convscope.core.analysis.ModelAnalysis;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.ModelSpec;

/**
 * Which models the Feature maps &amp; Filters screen refuses to show, and how it says so: one line for the header
 * (never a page count above a refused model) and the full reason below it.
 */
final class MapsLimits {

    /** Largest model the screen builds: weights of bigger ones would crowd the heap. */
    static final long MAX_PARAMS = 40_000_000L;

    /**
     * Why nothing is shown.
     *
     * @param headline the header's line, e.g. {@code Model refused: vgg16 is too big to show its feature maps here.}
     * @param reason the full reason and what to do
     */
    record Refusal(String headline, String reason) {
    }

    private MapsLimits() {
    }

    /**
     * Checks a model before building it.
     *
     * @param spec the model
     * @param hasLayers whether it has a layer of the kind asked for (with maps, or Conv2D for filters)
     * @param filters true when its filters are asked for
     * @param heapBytes the heap the screen may use
     * @return why it is not shown; empty when it can be
     */
    static Optional<Refusal> check(ModelSpec spec, boolean hasLayers, boolean filters, long heapBytes) {
        ModelAnalysis analysis = ModelAnalyzer.analyze(spec);
        if (!analysis.valid()) {
            return Optional.of(new Refusal(tr("maps.refuse.invalid"),
                    tr("maps.refuse.invalid.details", analysis.problem().orElseThrow().describe())));
        }
        // Fits if weights and one image's activations, with a factor 3 for the engine's own copies, use at
        // most half of the heap; and never more than MAX_PARAMS parameters (building them takes long).
        var memory = MemoryEstimate.of(analysis);
        String tooBig = MemoryEstimate.check(3 * memory.inferenceBytes(), heapBytes / 2, "to show feature maps");
        if (analysis.totalParams() > MAX_PARAMS || !tooBig.isEmpty()) {
            return Optional.of(new Refusal(tr(filters ? "maps.refuse.bigFilters" : "maps.refuse.bigMaps", spec.name()),
                    !tooBig.isEmpty() ? tooBig : tr("maps.refuse.big.details",
                    String.format(java.util.Locale.ROOT, "%,d", analysis.totalParams()),
                    String.format(java.util.Locale.ROOT, "%,d", MAX_PARAMS), MemoryEstimate.human(memory.weightBytes()))));
        }
        if (!hasLayers) {
            return Optional.of(new Refusal(tr("maps.refuse.nothing"), filters
                    ? tr("maps.refuse.noConv") : tr("maps.refuse.noMaps")));
        }
        return Optional.empty();
    }
}
