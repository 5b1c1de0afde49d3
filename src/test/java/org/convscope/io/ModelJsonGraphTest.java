package org.convscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.convscope.core.analysis.ModelAnalyzer;
import org.convscope.core.model.Activation;
import org.convscope.core.model.InputSpec;
import org.convscope.core.model.LayerSpec;
import org.convscope.core.model.ModelSpec;
import org.convscope.core.model.Padding;
import org.convscope.core.model.Size2;
import org.junit.jupiter.api.Test;

/** Model files of graph models (format version 2) and of the residual and MobileNet layers. */
class ModelJsonGraphTest {

    private static ModelSpec graph() {
        return new ModelSpec("g", "", new InputSpec(16, 16, 3), List.of(
                new LayerSpec.Rescaling(null, 1 / 255.0, 0),
                new LayerSpec.ZeroPadding2D(null, 0, 1, 0, 1),
                new LayerSpec.Conv2D(null, 8, Size2.square(3), Size2.square(2), Padding.VALID, Activation.LINEAR, false),
                new LayerSpec.ReLU(null, 6.0, 0, 0),
                new LayerSpec.DepthwiseConv2D(null, Size2.square(3), Size2.square(1), Padding.SAME, 1, Activation.LINEAR,
                        false),
                new LayerSpec.Add(null),
                new LayerSpec.SeparableConv2D(null, 16, Size2.square(3), Size2.square(1), Padding.SAME, 2,
                        Activation.RELU, true),
                new LayerSpec.Conv2D(null, 16, Size2.square(3), Size2.square(1), Padding.SAME, Activation.LINEAR, true,
                        Size2.square(2)),
                new LayerSpec.LeakyReLU(null, 0.1),
                new LayerSpec.Concatenate(null),
                new LayerSpec.GlobalPooling2D(null, LayerSpec.PoolKind.MAX),
                new LayerSpec.Dense(null, 10, Activation.LINEAR, true),
                new LayerSpec.Softmax(null)),
                Map.of("add", List.of("depthwise_conv2d", "re_lu"), "concatenate", List.of("leaky_re_lu", "add")));
    }

    @Test
    void aGraphIsSavedAsVersion2WithInputsAndReadsBackEqual() throws Exception {
        ModelSpec m = graph();
        assertTrue(ModelAnalyzer.analyze(m).valid(), () -> ModelAnalyzer.analyze(m).problem().get().describe());
        String text = ModelJson.toJson(m);
        JsonNode root = new ObjectMapper().readTree(text);
        assertEquals(2, root.get("version").asInt());
        assertEquals("[\"depthwise_conv2d\",\"re_lu\"]", root.get("layers").get(5).get("inputs").toString());
        assertEquals("[[0,1],[0,1]]", root.get("layers").get(1).get("padding").toString());
        assertEquals(6.0, root.get("layers").get(3).get("max_value").asDouble());
        assertEquals("[2,2]", root.get("layers").get(7).get("dilation_rate").toString());
        assertEquals(null, root.get("layers").get(6).get("inputs")); // a layer that takes the one before names nothing
        assertEquals(m, ModelJson.parse(text));
    }

    @Test
    void aChainIsStillSavedAsVersion1() throws Exception {
        ModelSpec chain = graph().withInputs(Map.of());
        JsonNode root = new ObjectMapper().readTree(ModelJson.toJson(chain));
        assertEquals(1, root.get("version").asInt());
        assertEquals(chain, ModelJson.parse(ModelJson.toJson(chain)));
    }

    @Test
    void version1FilesCannotNameInputs() {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelJson.parse("{\"format\": "
                + "\"convscope-model\", \"version\": 1, \"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, "
                + "\"layers\": [{\"type\": \"Flatten\", \"inputs\": [\"input\"]}]}"));
        assertEquals("$.layers[0].inputs", e.jsonPath());
        assertTrue(e.getMessage().contains("from format version 2 on"), e.getMessage());
    }

    @Test
    void kerasFormsOfTheNewArgumentsAreRead() throws Exception {
        ModelSpec m = ModelJson.parse("{\"format\": \"convscope-model\", \"version\": 2, \"input\": {\"height\": 8, "
                + "\"width\": 8, \"channels\": 2}, \"layers\": ["
                + "{\"type\": \"ZeroPadding2D\", \"padding\": [1, 2]},"
                + "{\"type\": \"ZeroPadding2D\", \"name\": \"z\", \"inputs\": [\"input\"], \"padding\": 3},"
                + "{\"type\": \"LeakyReLU\", \"inputs\": [\"zero_padding2d\"], \"negative_slope\": 0.2},"
                + "{\"type\": \"Concatenate\", \"inputs\": [\"leaky_re_lu\", \"z\"]}]}");
        assertEquals(new LayerSpec.ZeroPadding2D(null, 1, 1, 2, 2), m.layers().get(0));
        assertEquals(new LayerSpec.LeakyReLU(null, 0.2), m.layers().get(2));
        var a = ModelAnalyzer.analyze(m);
        // (1+8+1, 2+8+2) = (10, 12) and (3+8+3, 3+8+3) = (14, 14) do not stack
        assertEquals("Concatenate needs equal shapes except the last axis: (None, 10, 12, 2) and (None, 14, 14, 2) "
                + "(from leaky_re_lu and z).", a.problem().get().message());
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelJson.parse("{\"format\": "
                + "\"convscope-model\", \"version\": 2, \"input\": {\"height\": 8, \"width\": 8, \"channels\": 1}, "
                + "\"layers\": [{\"type\": \"Concatenate\", \"axis\": 1}]}"));
        assertEquals("$.layers[0].axis", e.jsonPath());
    }
}
