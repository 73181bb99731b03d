package dev.precip.maintenance.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which replica ran a run, for the history: host name and process id. */
final class InstanceName {

  private InstanceName() {}

  static String current() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
    return host + "/" + ProcessHandle.current().pid();
  }
}
