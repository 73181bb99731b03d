package dev.precip.normalizer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
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
  void splittingAloneGivesACommaFlagOneSlotTooMany() {
    assertEquals(List.of("", "", "", "HI"), AttributeFlags.split(",,,HI"));
  }

  @Test
  void aCommaMeasurementFlagKeepsTheOtherFlagsInPlace() {
    // pre-1984 accumulation at the start of a month: the measurement flag is itself a comma
    assertEquals(Optional.of(List.of(",", "", "HI")), AttributeFlags.positional(",,,HI", 3));
    assertEquals(Optional.of(List.of(",", "Q", "HI")), AttributeFlags.positional(",,Q,HI", 3));
  }

  @Test
  void theUsualShapeIsReadAsIs() {
    assertEquals(Optional.of(List.of("", "", "HI")), AttributeFlags.positional(",,HI", 3));
    assertEquals(Optional.of(List.of("[", "", "HT")), AttributeFlags.positional("[,,HT", 3));
    assertEquals(
        Optional.of(List.of("", "", "7", "1800")), AttributeFlags.positional(",,7,1800", 4));
  }

  @Test
  void anyOtherNumberOfSlotsCannotBeReadPositionally() {
    assertEquals(Optional.empty(), AttributeFlags.positional("a,,HI,x", 3));
    assertEquals(Optional.empty(), AttributeFlags.positional("HI", 3));
    assertEquals(Optional.empty(), AttributeFlags.positional("", 3));
    assertEquals(Optional.empty(), AttributeFlags.positional(",,,,HI", 3));
  }
}
