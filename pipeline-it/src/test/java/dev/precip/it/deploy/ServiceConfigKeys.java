package dev.precip.it.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys one service has, as environment variable names can reach them: every key
 * its {@code application.properties} sets (unprofiled or {@code %prod}), every variable its
 * property expressions read ({@code ${NOAA_TOKEN:...}}), and every property of its
 * {@code @ConfigMapping} root, defaults or not.
 */
record ServiceConfigKeys(String service, Set<String> properties, Set<String> variables) {

  private static final Pattern EXPRESSION_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");

  static ServiceConfigKeys of(Path repo, String service, Class<?> configRoot) throws IOException {
    Properties file = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            repo.resolve(service).resolve("src/main/resources/application.properties"))) {
      file.load(reader);
    }
    Set<String> properties = new HashSet<>();
    Set<String> variables = new HashSet<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith("%prod.")) {
        properties.add(key.substring("%prod.".length()));
      } else if (!key.startsWith("%")) {
        properties.add(key);
      } else {
        continue;
      }
      Matcher expression = EXPRESSION_VARIABLE.matcher(file.getProperty(key));
      while (expression.find()) {
        variables.add(expression.group(1));
      }
    }
    String prefix = configRoot.getAnnotation(ConfigMapping.class).prefix();
    properties.addAll(ConfigMappings.getProperties(new ConfigClass(configRoot, prefix)).keySet());
    return new ServiceConfigKeys(service, Set.copyOf(properties), Set.copyOf(variables));
  }

  /** Whether the service reads this environment variable (MicroProfile Config's mapping). */
  boolean accepts(String environmentVariable) {
    return variables.contains(environmentVariable)
        || properties.stream()
            .anyMatch(property -> environmentForm(property).matcher(environmentVariable).matches());
  }

  /**
   * A property's environment variable: every character other than a letter or digit becomes {@code
   * _}, upper case; a map key or list index ({@code *}) stands for any name.
   */
  static Pattern environmentForm(String property) {
    StringBuilder regex = new StringBuilder();
    for (String part : property.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append("[A-Z0-9_]+");
      }
      regex.append(Pattern.quote(part.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
    }
    return Pattern.compile(regex.toString());
  }
}
