package dev.veojobs.emulators.firestore;

import java.util.Arrays;
import java.util.List;

/**
 * A validated document resource name: {@code projects/{p}/databases/{d}/documents/{collection}/{id}/...}.
 * The store keys documents by {@link #name()}, so two databases or projects never see each other.
 */
record DocumentName(String database, List<String> segments) {
  static final String DOCUMENTS = "/documents";

  DocumentName {
    segments = List.copyOf(segments);
  }

  static DocumentName parse(String name) {
    return parse(name, true);
  }

  /** Parses a path that may also be a collection (odd segment count) when {@code documentOnly} is false. */
  static DocumentName parse(String name, boolean documentOnly) {
    String database = databaseOf(name);
    String rest = name.substring(database.length() + DOCUMENTS.length());
    if (!rest.startsWith("/") || rest.length() < 2) {
      throw FirestoreErrors.invalidArgument("Invalid document name \"" + name + "\": it names no document.");
    }
    List<String> segments = Arrays.asList(rest.substring(1).split("/", -1));
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw FirestoreErrors.invalidArgument(
            "Invalid document name \"" + name + "\": path segments must be non-empty and not \".\" or \"..\".");
      }
      boolean documentId = i % 2 == 1;
      if (isReserved(segment) && !(documentId && numericId(segment) != null)) {
        throw reserved(name, segment);
      }
    }
    if (documentOnly && segments.size() % 2 != 0) {
      throw FirestoreErrors.invalidArgument("Invalid document name \"" + name + "\": a document path needs an even"
          + " number of segments (collection/document pairs), found " + segments.size() + ".");
    }
    return new DocumentName(database, segments);
  }

  /** Ids matching {@code __.*__} are reserved in production, for collections and documents alike. */
  static boolean isReserved(String id) {
    return id.length() >= 4 && id.startsWith("__") && id.endsWith("__");
  }

  /** The number of a numeric document id such as {@code __id7__}, or null for any other id. */
  static Long numericId(String id) {
    if (id.length() <= 6 || !id.startsWith("__id") || !id.endsWith("__")) {
      return null;
    }
    String digits = id.substring(4, id.length() - 2);
    if (!digits.matches("-?[0-9]{1,19}")) {
      return null;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException outOfRange) {
      return null;
    }
  }

  /** A collection id as a query's {@code from} or CreateDocument/ListDocuments name it. */
  static void requireCollectionId(String collectionId, String context) {
    if (isReserved(collectionId)) {
      throw reserved(context, collectionId);
    }
  }

  private static RuntimeException reserved(String where, String id) {
    return FirestoreErrors.invalidArgument("Invalid resource id \"" + id + "\" in \"" + where
        + "\": ids matching __.*__ are reserved (only numeric document ids such as __id7__ are allowed).");
  }

  /**
   * The {@code projects/{p}/databases/{d}} prefix of a resource name that continues with {@code /documents}.
   */
  static String databaseOf(String name) {
    if (name == null || name.isEmpty()) {
      throw FirestoreErrors.invalidArgument("Missing resource name: expected projects/{project}/databases/{database}/documents/...");
    }
    String[] parts = name.split("/", -1);
    if (parts.length < 5 || !parts[0].equals("projects") || parts[1].isEmpty() || !parts[2].equals("databases")
        || parts[3].isEmpty() || !parts[4].equals("documents")) {
      throw FirestoreErrors.invalidArgument("Invalid resource name \"" + name
          + "\": expected projects/{project}/databases/{database}/documents/...");
    }
    return "projects/" + parts[1] + "/databases/" + parts[3];
  }

  /** Validates a database name ({@code projects/{p}/databases/{d}}) as given in Commit and BeginTransaction. */
  static String validateDatabase(String database) {
    String[] parts = database == null ? new String[0] : database.split("/", -1);
    if (parts.length != 4 || !parts[0].equals("projects") || parts[1].isEmpty() || !parts[2].equals("databases")
        || parts[3].isEmpty()) {
      throw FirestoreErrors.invalidArgument(
          "Invalid database name \"" + database + "\": expected projects/{project}/databases/{database}");
    }
    return database;
  }

  String name() {
    return database + DOCUMENTS + "/" + String.join("/", segments);
  }

  boolean isDocument() {
    return segments.size() % 2 == 0;
  }

  String collectionId() {
    return segments.get(segments.size() - 2);
  }

  /** The resource name of the collection or document this one sits directly under ({@code .../documents} at the top). */
  String parentName() {
    if (segments.size() == 1) {
      return database + DOCUMENTS;
    }
    return database + DOCUMENTS + "/" + String.join("/", segments.subList(0, segments.size() - 1));
  }

  /** The document (or root) that holds this document's collection. */
  String collectionParentName() {
    if (segments.size() <= 2) {
      return database + DOCUMENTS;
    }
    return database + DOCUMENTS + "/" + String.join("/", segments.subList(0, segments.size() - 2));
  }

  /** The path below {@code /documents}, e.g. {@code jobs/abc}. */
  String relativePath() {
    return String.join("/", segments);
  }
}
