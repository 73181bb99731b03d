package dev.precip.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.it.deploy.DeployEnvironment.Variable;
import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.noaa.offline.config.OfflineSourceConfig;
import dev.precip.normalizer.config.NormalizerConfig;
import dev.precip.writer.config.WriterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable that docker-compose, Kubernetes or a Dockerfile gives a service names
 * a configuration key that service has: a misspelt or stale variable would otherwise be ignored
 * without a word, and the service would run on its default.
 */
class DeployEnvKeysTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path DEPLOY = REPO.resolve("deploy");

  private static final Map<String, Class<?>> CONFIG_ROOTS =
      Map.of(
          "noaa-offline-source", OfflineSourceConfig.class,
          "fetcher-service", FetcherConfig.class,
          "normalizer-service", NormalizerConfig.class,
          "writer-service", WriterConfig.class,
          "metrics-service", MetricsConfig.class,
          "maintenance-service", MaintenanceConfig.class);

  /** Read by the images' entrypoint (the java command line), not by the service. */
  private static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

  @Test
  void everyVariableTheDeployFilesSetNamesAKeyOfItsService() throws Exception {
    Map<String, ServiceConfigKeys> keys = new HashMap<>();
    for (Map.Entry<String, Class<?>> service : CONFIG_ROOTS.entrySet()) {
      keys.put(service.getKey(), ServiceConfigKeys.of(REPO, service.getKey(), service.getValue()));
    }
    List<String> unknown = new ArrayList<>();
    for (Variable variable : deployVariables()) {
      ServiceConfigKeys serviceKeys = keys.get(variable.service());
      if (serviceKeys == null || IMAGE_VARIABLES.contains(variable.name())) {
        continue; // infrastructure (Kafka, Trino, ...) or the image's own
      }
      if (!serviceKeys.accepts(variable.name())) {
        unknown.add(variable.name() + " (" + variable.service() + ", " + variable.source() + ")");
      }
    }
    assertEquals(List.of(), unknown, "variables naming no configuration key of their service");
  }

  @Test
  void theDeployFilesSetVariablesForEveryService() throws Exception {
    Set<String> configured =
        deployVariables().stream().map(Variable::service).collect(Collectors.toSet());
    assertTrue(configured.containsAll(CONFIG_ROOTS.keySet()), () -> "configured: " + configured);
  }

  @Test
  void aMisspeltOrInventedVariableIsRefused() throws IOException {
    ServiceConfigKeys writer = ServiceConfigKeys.of(REPO, "writer-service", WriterConfig.class);
    assertTrue(writer.accepts("WRITER_TABLE_SCHEMA"), "a @ConfigMapping property");
    assertTrue(
        writer.accepts("QUARKUS_DATASOURCE_TRINO_JDBC_URL"), "an application.properties key");
    assertTrue(writer.accepts("POSTGRES_PASSWORD"), "a variable of a property expression");
    assertFalse(writer.accepts("WRITER_TABLE_SCHEME"));
    assertFalse(writer.accepts("QUARKUS_DATASOURCE_TRINO_URL"));
    assertFalse(writer.accepts("NOAA_TOKEN"), "the fetcher's variable, not the writer's");
  }

  @Test
  void aMapKeyOfAConfigMappingStandsForAnyName() {
    assertTrue(
        ServiceConfigKeys.environmentForm("writer.tags.*.value")
            .matcher("WRITER_TAGS_ANY_NAME_VALUE")
            .matches());
    assertFalse(
        ServiceConfigKeys.environmentForm("writer.tags.*.value")
            .matcher("WRITER_TAGS_VALUE")
            .matches());
  }

  @Test
  void dockerfileVariablesAreReadFromContinuedEnvInstructions() throws IOException {
    Path dockerfile = Files.createTempFile("Dockerfile", "");
    Files.writeString(dockerfile, "FROM x\nENV A=1 \\\n    B=\"C=2 D\"\nRUN true\n");
    assertEquals(
        List.of("A", "B"),
        DeployEnvironment.dockerfile("s", dockerfile).stream().map(Variable::name).toList());
  }

  private static List<Variable> deployVariables() throws Exception {
    List<Variable> variables = new ArrayList<>();
    for (String compose :
        List.of("docker-compose.yml", "docker-compose.override.yml", "docker-compose.ci.yml")) {
      variables.addAll(DeployEnvironment.compose(DEPLOY, compose));
    }
    for (String service : CONFIG_ROOTS.keySet()) {
      try (Stream<Path> files = Files.list(REPO.resolve(service).resolve("src/main/docker"))) {
        for (Path dockerfile : files.toList()) {
          variables.addAll(DeployEnvironment.dockerfile(service, dockerfile));
        }
      }
    }
    for (String overlay : List.of("k8s/overlays/local", "k8s/overlays/production")) {
      variables.addAll(DeployEnvironment.kustomization(DEPLOY, overlay));
    }
    return variables;
  }
}
