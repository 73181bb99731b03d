package dev.precip.fetcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoaaResponsesTest {

  private static final String TOKEN = "tok-3f9a1c";

  private static NoaaPage interpret(int status, String body) {
    return NoaaResponses.interpret(status, body, TOKEN);
  }

  @Test
  void aRejectionThatEchoesTheTokenHasItMasked() {
    NoaaRejectedException e =
        assertThrows(
            NoaaRejectedException.class,
            () ->
                interpret(
                    400,
                    "{\"statusCode\":\"400\",\"developerMessage\":\"Invalid token "
                        + TOKEN
                        + ".\"}"));
    assertEquals("Invalid token ****.", e.getMessage());
  }

  @Test
  void controlCharactersOfABodyAreEscapedInTheMessage() {
    NoaaTransientException e =
        assertThrows(
            NoaaTransientException.class, () -> interpret(200, "bad\u0000body\u001b[31m\r\nFAKE"));
    assertEquals(
        "200 with a body that is not JSON: bad\\u0000body\\u001b[31m FAKE", e.getMessage());
  }

  @Test
  void aBodySnippetThatEchoesTheTokenHasItMasked() {
    NoaaTransientException e =
        assertThrows(
            NoaaTransientException.class, () -> interpret(200, "<html>token=" + TOKEN + "</html>"));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void aPageCarriesItsCountAndItsBodyUntouched() {
    String body =
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":2000,\"limit\":1000}},\"results\":[{},{}]}";
    NoaaPage page = interpret(200, body);
    assertEquals(2000, page.count());
    assertEquals(2, page.results());
    assertEquals(body, page.body());
  }

  @Test
  void theEmptyObjectIsAnEmptyPage() {
    NoaaPage page = interpret(200, "{}");
    assertEquals(0, page.count());
    assertEquals(true, page.isEmpty());
  }

  @Test
  void aRateLimitIsTransient() {
    NoaaTransientException e =
        assertThrows(
            NoaaTransientException.class,
            () ->
                interpret(
                    429,
                    "{\"status\" : \"429\", \"message\" : \"This token has reached its temporary request limit of 5 per second.\"}"));
    assertEquals(429, e.status());
  }

  @Test
  void aServerErrorIsTransient() {
    assertThrows(
        NoaaTransientException.class,
        () ->
            interpret(
                500,
                "{\"statusCode\":\"500\",\"userMessage\":\"An error occured while servicing your request.\",\"developerMessage\":\"An error occured while servicing your request.\"}"));
  }

  @Test
  void aBadWindowIsRejectedWithNoaasMessage() {
    NoaaRejectedException e =
        assertThrows(
            NoaaRejectedException.class,
            () ->
                interpret(
                    400,
                    "{\"statusCode\":\"400\",\"userMessage\":\"There was an error with the request.\",\"developerMessage\":\"The date range must be less than 1 year.\"}"));
    assertEquals("The date range must be less than 1 year.", e.getMessage());
  }

  @Test
  void anHtmlPageWithStatus200IsTransient() {
    assertThrows(
        NoaaTransientException.class,
        () -> interpret(200, "<html><body>Proxy Error</body></html>"));
  }

  @Test
  void jsonThatIsNotAPageIsTransient() {
    assertThrows(NoaaTransientException.class, () -> interpret(200, "{\"foo\":1}"));
  }
}
