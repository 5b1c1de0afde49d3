package org.convscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layers of the architecture apart (see README, "Packages"). */
class ArchitectureTest {

    private static JavaClasses classes;

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
        for (String screen : new String[] {"canvas", "stepper", "featuremaps", "train"}) {
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
