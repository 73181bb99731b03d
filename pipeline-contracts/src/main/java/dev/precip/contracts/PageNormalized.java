package dev.precip.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The normalizer's account of one raw page, published on {@code noaa.pages.normalized} (compacted,
 * key = page key) together with the page's records and rejections: {@code items == records +
 * rejected} for a page of items, and a page rejected whole has {@code items == 0, rejected == 1}.
 * Summing the latest summary of each page of a job reconciles the job's fetched records with its
 * records and dead-letter entries.
 *
 * @param pageKey the raw page's Kafka key
 * @param jobId the fetch job, when the key could be read
 * @param items results in the page
 * @param records records published
 * @param rejected rejections published (records, or the whole page)
 * @param normalizedAtMs when the page was normalized
 */
@RegisterForReflection // serialized with Jackson by the normalizer
public record PageNormalized(
    String pageKey, String jobId, int items, int records, int rejected, long normalizedAtMs) {}
