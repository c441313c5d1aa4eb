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
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw FirestoreErrors.invalidArgument(
            "Invalid document name \"" + name + "\": path segments must be non-empty and not \".\" or \"..\".");
      }
    }
    if (documentOnly && segments.size() % 2 != 0) {
      throw FirestoreErrors.invalidArgument("Invalid document name \"" + name + "\": a document path needs an even"
          + " number of segments (collection/document pairs), found " + segments.size() + ".");
    }
    return new DocumentName(database, segments);
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
