package org.convscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps the layers of the architecture apart (see README, "Packages"): one rule per row of its table, and more. */
class ArchitectureTest {

    private static JavaClasses classes;

    /** ConvScope's packages, as the README's table names them. */
    private static final List<String> PACKAGES = List.of("core", "io", "engine", "engine.dl4j", "embed", "imaging", "data",
            "app", "ui.common", "ui.shell", "ui.canvas", "ui.stepper", "ui.featuremaps", "ui.train", "ui.learn", "cli");

    /** The README's "may use" column: the ConvScope packages each row may use, besides itself and {@code core}. */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        List<String> screens = List.of("io", "engine", "imaging", "data", "embed", "app", "ui.common");
        MAY_USE.put("core", List.of());
        MAY_USE.put("io", List.of());
        MAY_USE.put("engine", List.of("io"));
        MAY_USE.put("engine.dl4j", List.of("io", "engine"));
        MAY_USE.put("embed", List.of("engine"));
        MAY_USE.put("imaging", List.of("io"));
        MAY_USE.put("data", List.of());
        MAY_USE.put("app", List.of("io", "data", "engine", "engine.dl4j", "imaging", "embed"));
        MAY_USE.put("ui.common", List.of("io", "engine", "app"));
        MAY_USE.put("ui.shell", List.of("io", "engine", "imaging", "data", "embed", "app", "ui.common", "ui.canvas",
                "ui.stepper", "ui.featuremaps", "ui.train", "ui.learn"));
        for (String screen : List.of("ui.canvas", "ui.stepper", "ui.featuremaps", "ui.train", "ui.learn")) {
            MAY_USE.put(screen, screens);
        }
        MAY_USE.put("cli", List.of("io", "engine", "imaging", "data", "embed", "app"));
    }

    /** Libraries and the rows that may use them (README, "may use"). */
    private static final Map<String, List<String>> LIBRARIES = Map.of(
            "com.fasterxml..", List.of("io"),
            "io.jhdf..", List.of("io"),
            "onnx..", List.of("engine.dl4j"), // nd4j-api's ONNX protobuf classes, on ND4J's shaded protobuf
            "picocli..", List.of("cli"),
            "org.apache.commons.compress..", List.of("data"),
            "org.apache.commons.math3..", List.of("embed"),
            "de.javagl..", List.of("embed"),
            "net.mahdilamb..", List.of("imaging"),
            "atlantafx..", List.of("ui.shell"),
            "org.controlsfx..", List.of("ui.canvas", "ui.stepper", "ui.featuremaps", "ui.train", "ui.learn", "ui.shell"));

    static Stream<String> rows() {
        return MAY_USE.keySet().stream();
    }

    private static String pkg(String row) {
        return "org.convscope." + row + "..";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowUsesOnlyWhatItsMayUseColumnSays(String row) {
        List<String> forbidden = new ArrayList<>();
        for (String other : PACKAGES) {
            if (!other.equals(row) && !other.equals("core") && !MAY_USE.get(row).contains(other)) {
                forbidden.add(pkg(other));
            }
        }
        var that = noClasses().that().resideInAPackage(pkg(row));
        if (row.equals("engine")) {
            that = that.and().resideOutsideOfPackage(pkg("engine.dl4j")); // a row of its own
        }
        that.should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new)).check(classes);
    }

    @Test
    void theReadmeTableHasARowForEveryPackageHere() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (String row : PACKAGES) {
            org.junit.jupiter.api.Assertions.assertTrue(readme.contains("| `" + row + "`") || readme.contains(", `" + row + "`"),
                    "README's package table lists " + row);
        }
    }

    @Test
    void onlyTheAppLayerNamesTheDl4jEngine() {
        // cli and ui.shell go through app.Engines; nothing else may name the implementation either
        noClasses().that().resideOutsideOfPackages(pkg("engine.dl4j"), pkg("app"))
                .should().dependOnClassesThat().resideInAPackage(pkg("engine.dl4j"))
                .check(classes);
    }

    @Test
    void eachLibraryStaysInTheRowsThatMayUseIt() {
        LIBRARIES.forEach((library, rows) -> noClasses().that()
                .resideOutsideOfPackages(rows.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage(library)
                .check(classes));
    }

    /** Eclipse ELK lays out the Build canvas (app.GraphLayout, shared with {@code bench layout}); nothing else names it. */
    @Test
    void onlyTheAppLayerUsesElk() {
        noClasses().that().resideOutsideOfPackage(pkg("app"))
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.elk..", "org.eclipse.emf..")
                .check(classes);
    }

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.convscope");
    }

    @Test
    void coreIsPureJava() {
        noClasses().that().resideInAPackage("org.convscope.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.deeplearning4j..", "org.nd4j..",
                        "org.opencv..", "nu.pattern..", "com.fasterxml..", "picocli..",
                        "org.convscope.ui..", "org.convscope.engine..", "org.convscope.imaging..",
                        "org.convscope.io..", "org.convscope.cli..")
                .check(classes);
    }

    @Test
    void dataReadsFilesWithJavaAndCoreOnly() {
        noClasses().that().resideInAPackage("org.convscope.data..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.deeplearning4j..", "org.nd4j..",
                        "org.opencv..", "org.convscope.ui..", "org.convscope.engine..", "org.convscope.imaging..",
                        "org.convscope.cli..")
                .check(classes);
    }

    @Test
    void embedIsPlainJavaOnTheEngineInterface() {
        noClasses().that().resideInAPackage("org.convscope.embed..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.deeplearning4j..", "org.nd4j..",
                        "org.opencv..", "org.convscope.ui..", "org.convscope.engine.dl4j..", "org.convscope.imaging..",
                        "org.convscope.io..", "org.convscope.cli..", "org.convscope.data..")
                .check(classes);
    }

    @Test
    void onlyEngineDl4jTouchesDl4jAndNd4j() {
        noClasses().that().resideOutsideOfPackage("org.convscope.engine.dl4j..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void onlyImagingTouchesOpenCv() {
        noClasses().that().resideOutsideOfPackage("org.convscope.imaging..")
                .should().dependOnClassesThat().resideInAnyPackage("org.opencv..", "nu.pattern..")
                .check(classes);
    }

    @Test
    void onlyUiTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackages("org.convscope.ui..")
                .and().doNotHaveFullyQualifiedName("org.convscope.Main")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void screensDoNotReachIntoEachOther() {
        for (String screen : new String[] {"canvas", "stepper", "featuremaps", "train", "learn"}) {
            noClasses().that().resideOutsideOfPackages("org.convscope.ui." + screen + "..", "org.convscope.ui.shell..")
                    .should().dependOnClassesThat().resideInAPackage("org.convscope.ui." + screen + "..")
                    .check(classes);
        }
    }

    @Test
    void onlyCliWritesToStandardStreams() {
        noClasses().that().resideOutsideOfPackages("org.convscope.cli..")
                .and().doNotHaveFullyQualifiedName("org.convscope.Main")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }
}
