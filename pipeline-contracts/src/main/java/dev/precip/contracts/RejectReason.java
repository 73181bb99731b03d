package dev.precip.contracts;

/** Why the normalizer rejected a page or a record. */
public enum RejectReason {
  /** The page body is not a JSON object of the CDO v2 shape. */
  MALFORMED_PAGE,
  /** The page is an API error envelope, not data. */
  ERROR_PAGE,
  /** The page has no usable identity (missing or malformed key). */
  MISSING_PAGE_IDENTITY,
  /** A result item is not a JSON object. */
  MALFORMED_RECORD,
  /** A result item breaks a validation rule (field missing, wrong type or out of range). */
  INVALID_RECORD
}
