package dev.flashsale.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.DiagramOptions;
import org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle;

import dev.flashsale.FlashSaleApplication;

/**
 * The module boundaries (Spring Modulith): each top-level package under {@code dev.flashsale} is a
 * module whose API is its top-level package; its sub-packages are internal unless it names them
 * ({@code @NamedInterface}, as {@code infra} does for its shared sub-packages); no cycles between
 * modules. And the module diagrams in {@code docs/} are the ones this code gives: a stale one is
 * rewritten and the test fails, so the change that made it stale commits the new one.
 */
class ModulesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(FlashSaleApplication.class);
    private static final Path ARCHITECTURE = Path.of("docs/architecture.md");
    private static final String START = "<!-- modules:start (written by ModulesTest) -->";
    private static final String END = "<!-- modules:end -->";

    @Test
    void noModuleReachesIntoAnotherOnesInternalsAndThereAreNoCycles() {
        MODULES.verify();
    }

    @Test
    void thePlantUmlDiagramsInDocsAreCurrent() throws IOException {
        Path generated = Files.createTempDirectory("modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml(DiagramOptions.defaults().withStyle(DiagramStyle.UML));
        Path committed = Path.of("docs/modules");
        Files.createDirectories(committed);
        List<String> stale = new ArrayList<>();
        try (var files = Files.list(generated)) {
            for (Path file : files.toList()) {
                Path target = committed.resolve(file.getFileName());
                String now = Files.readString(file);
                if (!Files.exists(target) || !sameLines(Files.readString(target), now)) {
                    Files.writeString(target, now);
                    stale.add(target.toString());
                }
            }
        }
        assertThat(stale).as("module diagrams that were stale and are now rewritten: commit them").isEmpty();
    }

    @Test
    void theModuleGraphInTheArchitectureDocIsCurrent() throws IOException {
        String doc = Files.readString(ARCHITECTURE);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("the markers of the module graph in " + ARCHITECTURE).isNotNegative();
        String current = doc.substring(start + START.length(), end);
        String graph = "\n```mermaid\n" + mermaid() + "```\n";
        if (!current.equals(graph)) {
            Files.writeString(ARCHITECTURE, doc.substring(0, start + START.length()) + graph + doc.substring(end));
        }
        assertThat(current).as("the module graph in " + ARCHITECTURE + " was stale and is now rewritten: commit it")
                .isEqualTo(graph);
    }

    /** Equal but for the order of lines (which the Documenter may change between builds). */
    private static boolean sameLines(String a, String b) {
        return a.lines().sorted().toList().equals(b.lines().sorted().toList());
    }

    /** Modules and who uses whom, sorted so the text changes only when the graph does; infra left out. */
    private static String mermaid() {
        StringBuilder graph = new StringBuilder("flowchart LR\n");
        MODULES.stream().sorted(Comparator.comparing(ApplicationModule::getName)).forEach(module -> {
            List<String> uses = module.getDirectDependencies(MODULES).uniqueModules().map(ApplicationModule::getName)
                    .filter(name -> !name.equals("infra")).sorted().toList();
            if (!module.getName().equals("infra")) {
                uses.forEach(used -> graph.append("  ").append(module.getName()).append(" --> ").append(used).append('\n'));
                if (uses.isEmpty()) {
                    graph.append("  ").append(module.getName()).append('\n');
                }
            }
        });
        return graph.toString();
    }
}
