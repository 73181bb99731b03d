package dev.precip.fetcher.client;

import java.util.List;
import java.util.Optional;

/** Page requests for May 2010 without filters, as the client tests send them. */
final class Requests {

  private Requests() {}

  static PageRequest may2010(int limit, int offset) {
    return new PageRequest(
        "PRECIP_15",
        "2010-05-01T00:00:00",
        "2010-05-31T23:59:59",
        List.of(),
        Optional.empty(),
        List.of(),
        limit,
        offset);
  }
}
