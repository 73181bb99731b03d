package dev.precip.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test (or its set-up) fails, prints the end of the log of every service process the test
 * class started: CI keeps only the console, and a failure on a real stack is explained by what the
 * services said, not by the assertion alone.
 */
final class ServiceLogsOnFailure
    implements BeforeAllCallback, TestWatcher, LifecycleMethodExecutionExceptionHandler {

  private static final Logger LOG = Logger.getLogger(ServiceLogsOnFailure.class);
  private static final int LINES = 40;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ServiceLogsOnFailure.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("firstLog", ServiceProcess.logsStarted().size());
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    printLogs(context, cause);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    printLogs(context, t);
    throw t;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    printLogs(context, t);
    throw t;
  }

  private static void printLogs(ExtensionContext context, Throwable cause) {
    // a test's store sees its class's values
    Integer first = context.getStore(NAMESPACE).get("firstLog", Integer.class);
    List<Path> logs = ServiceProcess.logsStarted();
    Set<Path> since = new LinkedHashSet<>(logs.subList(first == null ? 0 : first, logs.size()));
    LOG.errorf(
        "%s failed (%s); the last %d lines of each service log follow",
        context.getDisplayName(), cause, LINES);
    for (Path log : since) {
      try {
        List<String> lines = Files.readAllLines(log);
        LOG.errorf(
            "----- %s (last %d of %d lines) -----%n%s",
            log,
            Math.min(LINES, lines.size()),
            lines.size(),
            String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size())));
      } catch (IOException e) {
        LOG.errorf("----- %s cannot be read: %s", log, e);
      }
    }
  }
}
