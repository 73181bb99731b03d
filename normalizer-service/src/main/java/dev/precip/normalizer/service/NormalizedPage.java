package dev.precip.normalizer.service;

import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectedRecord;
import java.util.List;

/**
 * What one raw page became. {@code items == records.size() + rejected records} always holds; a page
 * rejected whole has {@code items == 0} and one rejection with index {@link
 * RejectedRecord#WHOLE_PAGE}.
 */
public record NormalizedPage(int items, List<PrecipRecord> records, List<RejectedRecord> rejects) {}
