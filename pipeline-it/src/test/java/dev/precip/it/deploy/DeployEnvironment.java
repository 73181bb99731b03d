package dev.precip.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every environment variable the deploy files give a service: the compose files' {@code
 * environment}, the service's Dockerfiles' {@code ENV}, and in each Kubernetes overlay as rendered
 * by {@code kubectl kustomize} its Deployment's {@code env} and the ConfigMaps it reads whole.
 */
final class DeployEnvironment {

  /** A variable and the file (and object) that sets it. */
  record Variable(String service, String name, String source) {}

  private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=");
  private static final ObjectMapper YAML = new YAMLMapper();

  private DeployEnvironment() {}

  static List<Variable> compose(Path deploy, String composeFile) throws IOException {
    List<Variable> variables = new ArrayList<>();
    JsonNode services = YAML.readTree(deploy.resolve(composeFile).toFile()).path("services");
    services
        .fields()
        .forEachRemaining(
            service -> {
              JsonNode environment = service.getValue().path("environment");
              if (environment.isObject()) {
                environment
                    .fieldNames()
                    .forEachRemaining(
                        name -> variables.add(new Variable(service.getKey(), name, composeFile)));
              } else {
                environment.forEach(
                    entry ->
                        variables.add(
                            new Variable(
                                service.getKey(), entry.asText().split("=", 2)[0], composeFile)));
              }
            });
    return variables;
  }

  static List<Variable> dockerfile(String service, Path dockerfile) throws IOException {
    List<Variable> variables = new ArrayList<>();
    // joins continuation lines, so that one ENV instruction is one line
    String text = Files.readString(dockerfile).replaceAll("\\\\\\r?\\n", " ");
    for (String line : text.split("\\r?\\n")) {
      String instruction = line.strip();
      if (instruction.regionMatches(true, 0, "ENV ", 0, 4)) {
        Matcher assignment = ENV_ASSIGNMENT.matcher(stripQuoted(instruction.substring(4)));
        while (assignment.find()) {
          variables.add(
              new Variable(service, assignment.group(1), dockerfile.getFileName().toString()));
        }
      }
    }
    return variables;
  }

  static List<Variable> kustomization(Path deploy, String overlay)
      throws IOException, InterruptedException {
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", deploy.resolve(overlay).toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kubectl.waitFor(2, TimeUnit.MINUTES) || kubectl.exitValue() != 0) {
      throw new IOException("kubectl kustomize " + overlay + " failed");
    }
    List<JsonNode> objects =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .<JsonNode>readValues(rendered)
            .readAll();
    Map<String, JsonNode> configMaps = new HashMap<>();
    for (JsonNode object : objects) {
      if ("ConfigMap".equals(object.path("kind").asText())) {
        configMaps.put(object.path("metadata").path("name").asText(), object.path("data"));
      }
    }
    List<Variable> variables = new ArrayList<>();
    for (JsonNode object : objects) {
      if (!"Deployment".equals(object.path("kind").asText())) {
        continue;
      }
      String service = object.path("metadata").path("name").asText();
      for (JsonNode container :
          object.path("spec").path("template").path("spec").path("containers")) {
        String source = overlay + " Deployment/" + service;
        container
            .path("env")
            .forEach(
                env -> variables.add(new Variable(service, env.path("name").asText(), source)));
        for (JsonNode from : container.path("envFrom")) {
          String configMap = from.path("configMapRef").path("name").asText();
          JsonNode data = configMaps.get(configMap);
          if (data == null) {
            throw new IOException(source + " reads ConfigMap " + configMap + ", which is missing");
          }
          data.fieldNames()
              .forEachRemaining(
                  name -> variables.add(new Variable(service, name, source + " ConfigMap")));
        }
      }
    }
    return variables;
  }

  /** Blanks quoted values, so that a {@code KEY=} inside one is not taken for an assignment. */
  private static String stripQuoted(String assignments) {
    return assignments.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
  }
}
