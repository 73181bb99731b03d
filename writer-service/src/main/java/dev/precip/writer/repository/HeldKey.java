package dev.precip.writer.repository;

import dev.precip.writer.service.PrecipRow;

/** A natural key found in the table and the batch whose row holds it. */
public record HeldKey(PrecipRow key, String batchId) {}
