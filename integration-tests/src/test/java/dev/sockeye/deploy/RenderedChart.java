package dev.sockeye.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** helm/sockeye rendered by Helm itself (helm-java), read into fabric8's Kubernetes model classes. */
final class RenderedChart {

    static final Path REPO = Path.of(System.getProperty("repo.dir", ".."));
    static final Path CHART = REPO.resolve("helm/sockeye");
    static final String RELEASE = "prod";

    private static final ObjectMapper YAML =
            new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final List<JsonNode> documents;

    private RenderedChart(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** {@code helm template prod helm/sockeye} with the options {@code values} adds (files, --set). */
    static RenderedChart render(UnaryOperator<TemplateCommand> values) {
        String manifests = values.apply(
                        new Helm(CHART).template().withName(RELEASE).withNamespace("sockeye"))
                .call();
        try {
            List<JsonNode> documents = new ArrayList<>();
            try (var parsed = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
                while (parsed.hasNext()) {
                    JsonNode document = parsed.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        documents.add(document);
                    }
                }
            }
            return new RenderedChart(documents);
        } catch (IOException e) {
            throw new UncheckedIOException("helm rendered something that is not YAML:\n" + manifests, e);
        }
    }

    static RenderedChart defaults() {
        return render(UnaryOperator.identity());
    }

    static RenderedChart withValuesFile(String resource) {
        return render(template -> template.withValuesFile(valuesFile(resource)));
    }

    static Path valuesFile(String resource) {
        return REPO.resolve("integration-tests/src/test/resources").resolve(resource);
    }

    /** The kinds and names rendered, e.g. "Deployment/prod-sockeye-invoker". */
    List<String> names() {
        return documents.stream()
                .map(d -> d.path("kind").asText() + "/"
                        + d.path("metadata").path("name").asText())
                .toList();
    }

    /** The one object of {@code kind} named {@code <release>-sockeye-<suffix>}, as a fabric8 model class. */
    <T> T get(Class<T> type, String kind, String suffix) {
        String name = RELEASE + "-sockeye-" + suffix;
        JsonNode found = documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + names()));
        try {
            return YAML.treeToValue(found, type);
        } catch (IOException e) {
            throw new AssertionError(kind + "/" + name + " does not parse as " + type.getSimpleName(), e);
        }
    }

    GenericKubernetesResource custom(String kind, String suffix) {
        return get(GenericKubernetesResource.class, kind, suffix);
    }

    Deployment deployment(String component) {
        return get(Deployment.class, "Deployment", component);
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /**
     * The environment the container starts with: its ConfigMap's entries, then its own {@code env} (later wins,
     * as in Kubernetes). A value from a Secret reads {@code secret:<name>/<key>}.
     */
    Map<String, String> environment(String component) {
        Container container = container(deployment(component));
        Map<String, String> environment = new LinkedHashMap<>();
        container.getEnvFrom().forEach(source -> {
            String name = source.getConfigMapRef().getName();
            ConfigMap map = get(ConfigMap.class, "ConfigMap", name.substring((RELEASE + "-sockeye-").length()));
            environment.putAll(map.getData());
        });
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) {
                var secret = variable.getValueFrom().getSecretKeyRef();
                environment.put(variable.getName(), "secret:" + secret.getName() + "/" + secret.getKey());
            } else {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return environment;
    }

    boolean has(String kind) {
        return documents.stream().anyMatch(d -> d.path("kind").asText().equals(kind));
    }
}
