package dev.precip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageIdentityTest {

  @Test
  void keyRoundTrips() {
    PageIdentity page = new PageIdentity("job-1", "2010-05-01", "2010-05-31", 1001);
    assertEquals(page, PageIdentity.parse(page.key()));
  }

  @Test
  void parseRejectsAKeyWithTheWrongNumberOfParts() {
    assertThrows(IllegalArgumentException.class, () -> PageIdentity.parse("job|2010-05-01|1"));
  }

  @Test
  void parseRejectsANonNumericOffset() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PageIdentity.parse("job|2010-05-01|2010-05-31|x'); DROP TABLE t;--"));
  }

  @Test
  void offsetsAreOneBased() {
    assertThrows(
        IllegalArgumentException.class, () -> new PageIdentity("j", "2010-05-01", "2010-05-31", 0));
  }
}
