package dev.lvlmserve;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN §1: dependencies point one way, and only {@code serving} knows Spring. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lvlmserve");
    }

    @Test
    void onlyServingUsesSpring() {
        noClasses().that().resideInAnyPackage("dev.lvlmserve.model..", "dev.lvlmserve.pruning..",
                "dev.lvlmserve.bench..", "dev.lvlmserve.eval..", "dev.lvlmserve.train..", "dev.lvlmserve.fixture..").should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void theModelKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.lvlmserve.model..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.pruning..", "dev.lvlmserve.serving..", "dev.lvlmserve.cli..",
                        "dev.lvlmserve.bench..", "dev.lvlmserve.eval..", "dev.lvlmserve.train..")
                .check(classes);
    }

    @Test
    void pruningDoesNotKnowTheServer() {
        noClasses().that().resideInAPackage("dev.lvlmserve.pruning..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.serving..", "dev.lvlmserve.cli..").check(classes);
    }
}
