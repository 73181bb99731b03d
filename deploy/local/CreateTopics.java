import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics listed in topics.conf that do not exist yet, in one JVM launch.
 *
 * <p>Usage: {@code java -cp 'kafka-libs/*' CreateTopics.java <bootstrap> <topics.conf>}
 */
public class CreateTopics {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    List<NewTopic> wanted = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] cols = trimmed.split("\\s+");
      Map<String, String> configs = new HashMap<>();
      if (cols.length > 2) {
        for (String kv : cols[2].split(",")) {
          String[] pair = kv.split("=", 2);
          configs.put(pair[0], pair[1]);
        }
      }
      wanted.add(new NewTopic(cols[0], Integer.parseInt(cols[1]), (short) 1).configs(configs));
    }
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      for (NewTopic topic : wanted) {
        if (existing.contains(topic.name())) {
          continue;
        }
        try {
          admin.createTopics(List.of(topic)).all().get();
          System.out.println("created " + topic);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
