package dev.precip.noaa.offline.corpus;

import dev.precip.noaa.offline.config.OfflineSourceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Serves the hostile-input corpus instead of generated data, when one is configured. */
@ApplicationScoped
public class CorpusAnswers {

  private static final Logger LOG = Logger.getLogger(CorpusAnswers.class);

  private final Optional<HostileCorpus> corpus;

  public CorpusAnswers(OfflineSourceConfig config) {
    this.corpus = HostileCorpus.of(config);
    corpus.ifPresent(c -> LOG.infof("serving a hostile-input corpus of %d cases", c.size()));
  }

  /** The corpus's answer to a valid request, or empty when no corpus is configured. */
  public Optional<Response> answer(Set<String> stations, int offset, int limit) {
    return corpus.map(c -> respond(c, stations, offset, limit));
  }

  private static Response respond(
      HostileCorpus corpus, Set<String> stations, int offset, int limit) {
    Optional<CorpusCase.Answer> page = corpus.answerFor(stations);
    if (page.isEmpty()) {
      return Response.ok(corpus.itemPage(offset, limit), "application/json").build();
    }
    CorpusCase.Answer a = page.get();
    byte[] body = a.generated().map(g -> HostileCorpus.generate(g, limit)).orElse(a.body());
    return Response.status(a.status()).type(a.contentType()).entity(body).build();
  }
}
