package dev.lvlmserve.pruning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN §1: dependencies point one way; pruning is plain Java + DJL and never sees Spring or the serving layer. */
class PruningArchitectureTest {
    @Test
    void pruningDoesNotDependOnSpringOrServing() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lvlmserve.pruning");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                "dev.lvlmserve.serving..").check(classes);
    }
}
