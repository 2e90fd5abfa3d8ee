package dev.lvlmserve.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The serving layer's structure (DESIGN.md §1, §5): the HTTP packages never touch a native tensor, the engine does
 * not know the features built on it, and nothing outside {@code serving} imports Spring.
 */
class ServingArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.lvlmserve");

    @Test
    void theHttpLayerNeverTouchesAnNdArray() {
        noClasses().that().resideInAnyPackage("..serving.vqa..", "..serving.openai..", "..serving.error..",
                        "..serving.security..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.ndarray..", "ai.djl.pytorch..")
                .check(CLASSES);
    }

    @Test
    void theEngineDependsOnNoFeatureAboveIt() {
        noClasses().that().resideInAnyPackage("..serving.engine..", "..serving.metrics..", "..serving.error..",
                        "..serving.config..")
                .should().dependOnClassesThat().resideInAnyPackage("..serving.vqa..", "..serving.openai..",
                        "..serving.variants..", "..serving.jobs..")
                .check(CLASSES);
    }

    @Test
    void variantsDoNotDependOnJobsOrTheHttpApis() {
        noClasses().that().resideInAPackage("..serving.variants..")
                .should().dependOnClassesThat().resideInAnyPackage("..serving.jobs..", "..serving.vqa..",
                        "..serving.openai..")
                .check(CLASSES);
    }

    @Test
    void onlyServingImportsSpring() {
        noClasses().that().resideOutsideOfPackage("dev.lvlmserve.serving..").and()
                .doNotHaveFullyQualifiedName("dev.lvlmserve.Main")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(CLASSES);
    }
}
