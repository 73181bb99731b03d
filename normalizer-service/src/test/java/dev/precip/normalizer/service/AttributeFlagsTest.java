package dev.precip.normalizer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeFlagsTest {

  @Test
  void keepsLeadingEmptySlots() {
    assertEquals(List.of("", "", "HI"), AttributeFlags.split(",,HI"));
  }

  @Test
  void keepsTrailingEmptySlots() {
    assertEquals(List.of("a", "", ""), AttributeFlags.split("a,,"));
  }

  @Test
  void allEmptySlotsAreKept() {
    assertEquals(List.of("", "", ""), AttributeFlags.split(",,"));
  }

  @Test
  void anEmptyStringIsOneEmptySlot() {
    assertEquals(List.of(""), AttributeFlags.split(""));
  }

  @Test
  void realRecordedItemsKeepEveryPosition() {
    assertEquals(List.of("", "", "7", "1800"), AttributeFlags.split(",,7,1800"));
    assertEquals(List.of("T", "", "7", "1800"), AttributeFlags.split("T,,7,1800"));
    assertEquals(List.of("C"), AttributeFlags.split("C"));
  }

  @Test
  void aCommaFlagGivesOneSlotMoreAndTheRawStringKeepsIt() {
    // pre-1984 accumulation: the measurement flag is itself a comma
    assertEquals(List.of("", "", "", "HI"), AttributeFlags.split(",,,HI"));
  }
}
