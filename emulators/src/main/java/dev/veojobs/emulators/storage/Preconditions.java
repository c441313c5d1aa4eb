package dev.veojobs.emulators.storage;

/**
 * Generation and metageneration preconditions of one request. {@code ifGenerationMatch == 0}
 * means "the object must not exist" — the idiom for safe create retries.
 */
record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {

  static final Preconditions NONE = new Preconditions(null, null, null, null);

  /** The destination/target preconditions of a JSON API call. */
  static Preconditions fromQuery(Query query) {
    return new Preconditions(query.longParam("ifGenerationMatch"), query.longParam("ifGenerationNotMatch"),
        query.longParam("ifMetagenerationMatch"), query.longParam("ifMetagenerationNotMatch"));
  }

  /** The source preconditions of a rewrite or copy. */
  static Preconditions sourceFromQuery(Query query) {
    return new Preconditions(query.longParam("ifSourceGenerationMatch"),
        query.longParam("ifSourceGenerationNotMatch"), query.longParam("ifSourceMetagenerationMatch"),
        query.longParam("ifSourceMetagenerationNotMatch"));
  }

  static Preconditions fromXmlHeaders(String ifGenerationMatch, String ifMetagenerationMatch) {
    return new Preconditions(parseHeader(ifGenerationMatch), null, parseHeader(ifMetagenerationMatch), null);
  }

  private static Long parseHeader(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw XmlError.of(400, "InvalidArgument", "Invalid argument.",
          "Invalid precondition value: " + value);
    }
  }

  /**
   * Checks a mutation (upload, rewrite, patch, delete) against the live object, null when none
   * exists. Every failure is production's 412 conditionNotMet.
   */
  void checkWrite(StoredObject existing) {
    if (ifGenerationMatch != null) {
      boolean holds = ifGenerationMatch == 0
          ? existing == null
          : existing != null && existing.generation() == ifGenerationMatch;
      if (!holds) {
        throw StorageError.conditionNotMet("If-Match");
      }
    }
    if (ifGenerationNotMatch != null) {
      boolean holds = ifGenerationNotMatch == 0
          ? existing != null
          : existing == null || existing.generation() != ifGenerationNotMatch;
      if (!holds) {
        throw StorageError.conditionNotMet("If-None-Match");
      }
    }
    if (ifMetagenerationMatch != null
        && (existing == null || existing.metageneration() != ifMetagenerationMatch)) {
      throw StorageError.conditionNotMet("If-Metageneration-Match");
    }
    if (ifMetagenerationNotMatch != null && existing != null
        && existing.metageneration() == ifMetagenerationNotMatch) {
      throw StorageError.conditionNotMet("If-Metageneration-Not-Match");
    }
  }

  /**
   * Checks a read of an existing object. As in production a failed "match" is 412 and a failed
   * "not match" is 304 Not Modified, which the caller answers without a body.
   */
  ReadOutcome checkRead(StoredObject existing) {
    if (ifGenerationMatch != null && existing.generation() != ifGenerationMatch) {
      throw StorageError.conditionNotMet("If-Match");
    }
    if (ifMetagenerationMatch != null && existing.metageneration() != ifMetagenerationMatch) {
      throw StorageError.conditionNotMet("If-Metageneration-Match");
    }
    if ((ifGenerationNotMatch != null && existing.generation() == ifGenerationNotMatch)
        || (ifMetagenerationNotMatch != null && existing.metageneration() == ifMetagenerationNotMatch)) {
      return ReadOutcome.NOT_MODIFIED;
    }
    return ReadOutcome.PROCEED;
  }

  enum ReadOutcome { PROCEED, NOT_MODIFIED }
}
