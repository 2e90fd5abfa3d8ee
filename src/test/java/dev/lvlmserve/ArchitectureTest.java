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
                "dev.lvlmserve.bench..", "dev.lvlmserve.eval..", "dev.lvlmserve.train..", "dev.lvlmserve.recovery..", "dev.lvlmserve.fixture..").should().dependOnClassesThat().resideInAPackage("org.springframework..")
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
    void theBenchmarkKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.lvlmserve.bench..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.pruning..", "dev.lvlmserve.serving..", "dev.lvlmserve.cli..",
                        "dev.lvlmserve.eval..", "dev.lvlmserve.train..")
                .because("the benchmark is data and scoring; what only training asks of scenes lives in train")
                .check(classes);
    }

    @Test
    void evaluationAndTrainingDoNotKnowTheServer() {
        noClasses().that().resideInAnyPackage("dev.lvlmserve.eval..", "dev.lvlmserve.train..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.lvlmserve.serving..", "dev.lvlmserve.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.lvlmserve.eval..").should().dependOnClassesThat()
                .resideInAPackage("dev.lvlmserve.train..").check(classes);
    }

    @Test
    void recoveryDoesNotKnowTheServer() {
        noClasses().that().resideInAPackage("dev.lvlmserve.recovery..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.serving..", "dev.lvlmserve.cli..").check(classes);
    }

    /**
     * The server may use {@code bench} (the built-in benchmark's TRAIN split is the default calibration set, its
     * VALIDATION split the quality gate's probe), {@code eval} (the calibration sources) and {@code recovery} (a job's
     * recover stage, which trains only tensors it creates), but never the trainer directly or the command-line tool.
     */
    @Test
    void servingMayUseTheBenchmarkAndEvaluationButNotTraining() {
        noClasses().that().resideInAPackage("dev.lvlmserve.serving..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.train..", "dev.lvlmserve.cli..", "dev.lvlmserve.fixture..")
                .check(classes);
    }

    @Test
    void pruningDoesNotKnowTheServer() {
        noClasses().that().resideInAPackage("dev.lvlmserve.pruning..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lvlmserve.serving..", "dev.lvlmserve.cli..").check(classes);
    }
}
