package io.opsnotify.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the production classes of both modules (the
 * notifier's come from its jar or classes directory on this module's classpath).
 */
class ArchitectureTest {
    /** The domain packages of the CLI: they see neither the SDK adapters nor picocli. */
    static final String[] DOMAIN = {"io.opsnotify.routes..", "io.opsnotify.vpc..", "io.opsnotify.s3policy..",
        "io.opsnotify.deploy..", "io.opsnotify.testevent..", "io.opsnotify.dnscheck..", "io.opsnotify.check..",
        "io.opsnotify.cloud..", "io.opsnotify.input..", "io.opsnotify.demo..", "io.opsnotify.local.."};

    /** A command class may be at most this long; see docs/architecture.md ("commands under ~200 lines"). */
    static final int COMMAND_MAX_LINES = 210;

    static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        ImportOption productionOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar")
                && !location.contains("/testkit/");
        production = new ClassFileImporter().withImportOption(productionOnly).importPackages("io.opsnotify");
        assertThat(production.containPackage("io.opsnotify.notifier")).as("the notifier's classes were imported").isTrue();
        assertThat(production.containPackage("io.opsnotify.cli")).as("the CLI's classes were imported").isTrue();
    }

    @Test
    void theAwsSdk_shouldBeUsedOnlyByTheAdapters() {
        noClasses().that().resideOutsideOfPackage("io.opsnotify.aws..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("every AWS call goes through a port whose one SDK adapter lives in io.opsnotify.aws")
                .check(production);
    }

    @Test
    void picocli_shouldBeUsedOnlyByTheCommands() {
        noClasses().that().resideOutsideOfPackage("io.opsnotify.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(production);
    }

    @Test
    void theDomain_shouldSeeNeitherAdaptersNorCommands() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.opsnotify.aws..", "io.opsnotify.cli..")
                .because("commands wire adapters into the domain, never the other way")
                .check(production);
    }

    @Test
    void theNotifier_shouldDependOnNothingOfTheCli() {
        classes().that().resideInAPackage("io.opsnotify.notifier..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("io.opsnotify.cli..", "io.opsnotify.aws..",
                        "io.opsnotify.routes..", "io.opsnotify.vpc..", "io.opsnotify.s3policy..", "io.opsnotify.deploy..",
                        "io.opsnotify.testevent..", "io.opsnotify.dnscheck..", "io.opsnotify.check..", "io.opsnotify.cloud..",
                        "io.opsnotify.input..", "io.opsnotify.demo..", "io.opsnotify.local..")
                .check(production);
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("io.opsnotify.(**)").should().beFreeOfCycles().check(production);
    }

    @Test
    void commands_shouldStayShort() throws IOException {
        Path dir = Path.of("src/main/java/io/opsnotify/cli");
        Map<String, Integer> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                List<String> lines = Files.readAllLines(f);
                boolean command = lines.stream().anyMatch(l -> l.matches(".*\\bextends (CliCommand|AwsCommand)\\b.*"));
                if (command && lines.size() > COMMAND_MAX_LINES) {
                    tooLong.put(f.getFileName().toString(), lines.size());
                }
            }
        }
        assertThat(tooLong).as("commands over " + COMMAND_MAX_LINES + " lines").isEmpty();
    }

    @Test
    void everyCommand_shouldExtendTheCommandBase() {
        classes().that().resideInAPackage("io.opsnotify.cli").and().areAnnotatedWith("picocli.CommandLine$Command")
                .and().doNotHaveSimpleName("Opsnotify").and().doNotHaveSimpleName("Completion")
                .should().beAssignableTo("io.opsnotify.cli.CliCommand")
                .because("the opening (spec, output, context, mapper, report printing) is written once")
                .check(production);
    }
}
