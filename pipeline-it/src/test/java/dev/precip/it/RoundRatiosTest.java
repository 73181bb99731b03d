package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Several rounds of the writer benchmark are summarized by their median and their range. */
class RoundRatiosTest {

  @Test
  void anOddNumberOfRoundsHasTheMiddleRatioAsItsMedian() {
    assertEquals(
        "  (b)/(a) at 3 in flight over 3 rounds: median 0.88, lowest 0.80, highest 0.95",
        RoundRatios.summary(3, List.of(0.95, 0.80, 0.88)));
  }

  @Test
  void anEvenNumberOfRoundsHasTheMeanOfTheTwoMiddleRatiosAsItsMedian() {
    assertEquals(0.85, RoundRatios.median(List.of(0.70, 0.80, 0.90, 1.00)), 1e-9);
  }
}
