package dev.sockeye.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape of the code (docs/architecture.md), checked on the main classes of every module platform-api's tests
 * see: inside each module the packages form a DAG; modules depend one way (sandbox-sockets &lt;- invoker &lt;-
 * platform-api, policy-store beside them; the CLI only on the REST API); nothing outside sandbox-sockets reaches into its {@code internal}
 * packages.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Other modules' test classes arrive as test-jars (sandbox-sockets' test CA, for example): not main code.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.sockeye");

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "dev.sockeye.sockets",
                "dev.sockeye.store",
                "dev.sockeye.invoker",
                "dev.sockeye.api",
                "dev.sockeye.cli"
            })
    void theModulesPackagesFormADag(String moduleRoot) {
        Map<String, Map<String, String>> graph = packageGraph(moduleRoot);
        assertThat(graph).as("classes of " + moduleRoot + " were imported").isNotEmpty();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder cycle = new StringBuilder(String.join(" <-> ", component)).append(", e.g.:");
                for (String from : component) {
                    graph.get(from).forEach((to, example) -> {
                        if (component.contains(to)) {
                            cycle.append("\n    ").append(example);
                        }
                    });
                }
                cycles.add(cycle.toString());
            }
        }
        assertThat(cycles).as("package cycles in " + moduleRoot).isEmpty();
    }

    @Test
    void nothingOutsideSandboxSocketsUsesItsInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.sockeye.sockets..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sockeye.sockets.internal..")
                .because("sandbox-sockets' public API is Sandbox, its options and limits, and the egress and dns"
                        + " packages")
                .check(MAIN_CLASSES);
    }

    @Test
    void modulesDependOneWay() {
        noClasses()
                .that()
                .resideInAPackage("dev.sockeye.sockets..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sockeye.store..", "dev.sockeye.invoker..", "dev.sockeye.api..")
                .check(MAIN_CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sockeye.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sockeye.sockets..", "dev.sockeye.invoker..", "dev.sockeye.api..")
                .check(MAIN_CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sockeye.invoker..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sockeye.api..")
                .check(MAIN_CLASSES);
        noClasses()
                .that()
                .resideInAPackage("dev.sockeye.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sockeye.sockets..", "dev.sockeye.store..", "dev.sockeye.invoker..", "dev.sockeye.api..")
                .because("the CLI talks to the platform only through its REST API")
                .check(MAIN_CLASSES);
    }

    /** Package to the packages of the same module it uses, each with one dependency as an example. */
    private static Map<String, Map<String, String>> packageGraph(String moduleRoot) {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (var javaClass : MAIN_CLASSES) {
            String from = javaClass.getPackageName();
            if (!inModule(from, moduleRoot)) {
                continue;
            }
            Map<String, String> uses = graph.computeIfAbsent(from, name -> new TreeMap<>());
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                String to = dependency.getTargetClass().getPackageName();
                if (!to.equals(from) && inModule(to, moduleRoot)) {
                    uses.putIfAbsent(to, dependency.getDescription());
                }
            }
        }
        return graph;
    }

    private static boolean inModule(String packageName, String moduleRoot) {
        return packageName.equals(moduleRoot) || packageName.startsWith(moduleRoot + ".");
    }

    /** Tarjan's strongly connected components of the package graph. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        var components = new ArrayList<Set<String>>();
        var index = new HashMap<String, Integer>();
        var lowLink = new HashMap<String, Integer>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, lowLink, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(
            String node,
            Map<String, Map<String, String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> lowLink,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> components) {
        index.put(node, index.size());
        lowLink.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, lowLink, stack, onStack, components);
                lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
            } else if (onStack.contains(next)) {
                lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
            }
        }
        if (lowLink.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
