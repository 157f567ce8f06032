package dev.processledger.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.processledger.http.TomcatHttpGuard;
import java.sql.SQLException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Package boundaries: messages depend on nothing of ours, the write side knows nothing of reads or the web. */
@AnalyzeClasses(packages = "dev.processledger", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule messagesDependOnNothingOfOurs = classes()
            .that()
            .resideInAPackage("dev.processledger.process.api..")
            .should()
            .onlyDependOnClassesThat()
            .resideOutsideOfPackages(
                    "dev.processledger.process.command..",
                    "dev.processledger.process.query..",
                    "dev.processledger.process.web..",
                    "dev.processledger.security..",
                    "dev.processledger.config..",
                    "dev.processledger.http..")
            .allowEmptyShould(false);

    @ArchTest
    static final ArchRule commandSideKnowsNoReadsNorWeb = noClasses()
            .that()
            .resideInAPackage("dev.processledger.process.command..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.processledger.process.query..",
                    "dev.processledger.process.web..",
                    "dev.processledger.http..",
                    "dev.processledger.security..",
                    "org.springframework.web..",
                    "org.springframework.jdbc..");

    @ArchTest
    static final ArchRule readSideKnowsNoCommandsNorWeb = noClasses()
            .that()
            .resideInAPackage("dev.processledger.process.query..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.processledger.process.command..",
                    "dev.processledger.process.web..",
                    "dev.processledger.http..",
                    "org.springframework.web..");

    @ArchTest
    static final ArchRule onlyTheWebLayerTalksHttp = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.processledger.process.api..",
                    "dev.processledger.process.command..",
                    "dev.processledger.process.query..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.servlet..", "org.springframework.http..");

    /** Tomcat's connector internals change between major versions: one class holds every use of them. */
    @ArchTest
    static final ArchRule tomcatInternalsStayInOneClass = noClasses()
            .that()
            .doNotBelongToAnyOf(TomcatHttpGuard.class)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.catalina..", "org.apache.coyote..", "org.apache.tomcat..");

    /** H2's engine classes change between versions (the store is compacted through them): one class uses them. */
    @ArchTest
    static final ArchRule h2InternalsStayInOneClass = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.processledger.config.H2FileCompaction")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.h2..");

    @ArchTest
    static final ArchRule stateMachineIsPlainJava = noClasses()
            .that()
            .haveSimpleName("ProcessRules")
            .or()
            .haveSimpleName("ProcessState")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.axonframework..", "org.springframework..");

    /** Features depend on each other one way only, so one can be changed without reading the others. */
    @ArchTest
    static final ArchRule featuresHaveNoCycles =
            slices().matching("dev.processledger.(*)..").should().beFreeOfCycles();

    /** Web code (controllers, filters, advice) reaches the database only through its feature's classes; it may read a failure. */
    @ArchTest
    static final ArchRule noJdbcInWebCode = noClasses()
            .that()
            .resideInAnyPackage("..web..")
            .or()
            .areAnnotatedWith(RestController.class)
            .or()
            .areAnnotatedWith(RestControllerAdvice.class)
            .should()
            .dependOnClassesThat(resideInAnyPackage("org.springframework.jdbc..", "javax.sql..")
                    .or(resideInAPackage("java.sql..").and(not(assignableTo(SQLException.class)))));

    /** What the process feature publishes (messages, the directory) needs only the JDK, Axon's message types and Jackson's annotations. */
    @ArchTest
    static final ArchRule publishedTypesDependOnAnAllowList = classes()
            .that()
            .resideInAPackage("dev.processledger.process.api..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "dev.processledger.process.api..",
                    "org.axonframework.serialization..",
                    "org.axonframework.modelling.command..",
                    "org.axonframework.commandhandling..",
                    "org.axonframework.messaging..",
                    "com.fasterxml.jackson.annotation..");

    /** Shared helpers are leaves: they use no feature. */
    @ArchTest
    static final ArchRule sharedHelpersUseNoFeature = noClasses()
            .that()
            .resideInAPackage("dev.processledger.platform..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.processledger.process..",
                    "dev.processledger.audit..",
                    "dev.processledger.live..",
                    "dev.processledger.security..",
                    "dev.processledger.idempotency..",
                    "dev.processledger.config..");
}
