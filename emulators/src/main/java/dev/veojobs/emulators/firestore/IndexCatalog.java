package dev.veojobs.emulators.firestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashMap;

/**
 * The indexes a project declared in {@code firestore.indexes.json} (Firebase CLI format), and the check
 * production makes before running a query: every query must be served either by the automatic
 * single-field indexes or by declared composite indexes, else FAILED_PRECONDITION with a link to create one.
 *
 * <p>A query is served when, for each branch of its filter in disjunctive normal form, the ordered fields
 * (explicit and implicit, without {@code __name__}) are covered: with no equality filters, an index equal
 * to the ordering; with equality filters, for every equality field an index whose fields are some of the
 * equality fields (in any order) followed by exactly the ordering, which is how Firestore merges indexes.
 */
final class IndexCatalog {
  enum Kind { ASCENDING, DESCENDING, CONTAINS }

  record IndexField(FieldPath path, Kind kind) {}

  record CompositeIndex(String collectionGroup, boolean groupScope, List<IndexField> fields) {}

  /** A single-field setting: the kinds of index kept for a field in collection or collection-group scope. */
  record FieldOverride(Set<Kind> collectionKinds, Set<Kind> groupKinds) {}

  /** An equality-like filter: an exact match on the field ({@code contains} false) or array membership. */
  record Equality(FieldPath path, boolean contains) {
    boolean servedBy(IndexField field) {
      return field.path().equals(path) && (contains == (field.kind() == Kind.CONTAINS));
    }
  }

  private static final int MAX_BRANCHES = 1000;

  private final boolean enforcing;
  private final List<CompositeIndex> composites;
  private final Map<String, FieldOverride> overrides;

  private IndexCatalog(boolean enforcing, List<CompositeIndex> composites, Map<String, FieldOverride> overrides) {
    this.enforcing = enforcing;
    this.composites = List.copyOf(composites);
    this.overrides = Map.copyOf(overrides);
  }

  static IndexCatalog unenforced() {
    return new IndexCatalog(false, List.of(), Map.of());
  }

  static IndexCatalog load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Firestore indexes from " + file, e);
    }
    List<CompositeIndex> composites = new ArrayList<>();
    for (JsonNode index : root.path("indexes")) {
      List<IndexField> fields = new ArrayList<>();
      for (JsonNode field : index.path("fields")) {
        fields.add(new IndexField(FieldPath.parse(field.path("fieldPath").asText()), kindOf(field, file)));
      }
      composites.add(new CompositeIndex(
          index.path("collectionGroup").asText(), isGroupScope(index), withoutTrailingName(fields)));
    }
    Map<String, FieldOverride> overrides = new HashMap<>();
    for (JsonNode override : root.path("fieldOverrides")) {
      Set<Kind> collectionKinds = EnumSet.noneOf(Kind.class);
      Set<Kind> groupKinds = EnumSet.noneOf(Kind.class);
      for (JsonNode index : override.path("indexes")) {
        (isGroupScope(index) ? groupKinds : collectionKinds).add(kindOf(index, file));
      }
      String key = overrideKey(override.path("collectionGroup").asText(),
          FieldPath.parse(override.path("fieldPath").asText()));
      overrides.put(key, new FieldOverride(collectionKinds, groupKinds));
    }
    return new IndexCatalog(true, composites, overrides);
  }

  boolean enforcing() {
    return enforcing;
  }

  void check(NormalizedQuery query) {
    if (!enforcing) {
      return;
    }
    List<IndexField> ordering = new ArrayList<>();
    for (NormalizedQuery.Ordering o : query.orders()) {
      if (!o.path().isDocumentName()) {
        ordering.add(new IndexField(o.path(), o.descending() ? Kind.DESCENDING : Kind.ASCENDING));
      }
    }
    for (Set<Equality> equalities : branches(query.where())) {
      List<IndexField> branchOrdering = ordering.stream()
          .filter(f -> equalities.stream().noneMatch(e -> e.path().equals(f.path())))
          .toList();
      if (!served(query, equalities, branchOrdering)) {
        throw missingIndex(query, equalities, branchOrdering);
      }
    }
  }

  private boolean served(NormalizedQuery query, Set<Equality> equalities, List<IndexField> ordering) {
    if (equalities.isEmpty() && ordering.isEmpty()) {
      return true;
    }
    List<List<IndexField>> candidates = candidates(query, equalities, ordering);
    if (equalities.isEmpty()) {
      return candidates.stream().anyMatch(fields -> fields.equals(ordering));
    }
    for (Equality equality : equalities) {
      boolean covered = candidates.stream().anyMatch(fields -> coversEquality(fields, equality, equalities, ordering));
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /** Fields = some equality fields, including {@code target}, then exactly the ordering. */
  private static boolean coversEquality(
      List<IndexField> fields, Equality target, Set<Equality> equalities, List<IndexField> ordering) {
    int prefixLength = fields.size() - ordering.size();
    if (prefixLength < 1 || !fields.subList(prefixLength, fields.size()).equals(ordering)) {
      return false;
    }
    List<IndexField> prefix = fields.subList(0, prefixLength);
    Set<FieldPath> seen = new LinkedHashSet<>();
    for (IndexField field : prefix) {
      if (!seen.add(field.path()) || equalities.stream().noneMatch(e -> e.servedBy(field))) {
        return false;
      }
    }
    return prefix.stream().anyMatch(target::servedBy);
  }

  private List<List<IndexField>> candidates(NormalizedQuery query, Set<Equality> equalities, List<IndexField> ordering) {
    List<List<IndexField>> candidates = new ArrayList<>();
    for (CompositeIndex index : composites) {
      if (index.collectionGroup().equals(query.collectionId()) && index.groupScope() == query.allDescendants()) {
        candidates.add(index.fields());
      }
    }
    Set<FieldPath> fields = new LinkedHashSet<>();
    equalities.forEach(e -> fields.add(e.path()));
    ordering.forEach(o -> fields.add(o.path()));
    for (FieldPath path : fields) {
      for (Kind kind : singleFieldKinds(query.collectionId(), query.allDescendants(), path)) {
        candidates.add(List.of(new IndexField(path, kind)));
      }
    }
    return candidates;
  }

  /** Collection scope has every single-field index unless overridden; collection-group scope only overrides. */
  private Set<Kind> singleFieldKinds(String collectionGroup, boolean groupScope, FieldPath path) {
    FieldOverride override = overrides.get(overrideKey(collectionGroup, path));
    if (override == null) {
      return groupScope ? EnumSet.noneOf(Kind.class) : EnumSet.allOf(Kind.class);
    }
    return groupScope ? override.groupKinds() : override.collectionKinds();
  }

  /** The filter as a list of AND branches (disjunctive normal form), each reduced to its equality filters. */
  private static List<Set<Equality>> branches(Optional<Filter> where) {
    return where.map(IndexCatalog::branches).orElse(List.of(Set.of()));
  }

  private static List<Set<Equality>> branches(Filter filter) {
    switch (filter.getFilterTypeCase()) {
      case COMPOSITE_FILTER -> {
        boolean or = filter.getCompositeFilter().getOp()
            == com.google.firestore.v1.StructuredQuery.CompositeFilter.Operator.OR;
        List<Set<Equality>> result = or ? new ArrayList<>() : List.of(Set.of());
        for (Filter child : filter.getCompositeFilter().getFiltersList()) {
          List<Set<Equality>> childBranches = branches(child);
          if (or) {
            result.addAll(childBranches);
          } else {
            List<Set<Equality>> product = new ArrayList<>();
            for (Set<Equality> left : result) {
              for (Set<Equality> right : childBranches) {
                Set<Equality> merged = new LinkedHashSet<>(left);
                merged.addAll(right);
                product.add(merged);
              }
            }
            result = product;
          }
          if (result.size() > MAX_BRANCHES) {
            throw FirestoreErrors.invalidArgument("The query has too many disjunctions to run.");
          }
        }
        return or && result.isEmpty() ? List.of(Set.of()) : result;
      }
      case FIELD_FILTER -> {
        FieldPath path = FieldPath.parse(filter.getFieldFilter().getField().getFieldPath());
        if (path.isDocumentName()) {
          return List.of(Set.of());
        }
        return switch (filter.getFieldFilter().getOp()) {
          case EQUAL, IN -> List.of(Set.of(new Equality(path, false)));
          case ARRAY_CONTAINS, ARRAY_CONTAINS_ANY -> List.of(Set.of(new Equality(path, true)));
          default -> List.of(Set.of());
        };
      }
      case UNARY_FILTER -> {
        FieldPath path = FieldPath.parse(filter.getUnaryFilter().getField().getFieldPath());
        return switch (filter.getUnaryFilter().getOp()) {
          case IS_NULL, IS_NAN -> List.of(Set.of(new Equality(path, false)));
          default -> List.of(Set.of());
        };
      }
      default -> {
        return List.of(Set.of());
      }
    }
  }

  private RuntimeException missingIndex(NormalizedQuery query, Set<Equality> equalities, List<IndexField> ordering) {
    String consoleBase = "https://console.firebase.google.com/v1/r/project/" + query.projectId() + "/firestore/indexes?";
    String groupName = query.database() + "/collectionGroups/" + query.collectionId();
    boolean singleFieldQuery = (equalities.isEmpty() && ordering.size() == 1) || ordering.isEmpty();
    if (singleFieldQuery) {
      for (Equality equality : equalities) {
        Kind wanted = equality.contains() ? Kind.CONTAINS : Kind.ASCENDING;
        Set<Kind> available = singleFieldKinds(query.collectionId(), query.allDescendants(), equality.path());
        if (!available.contains(wanted) && !(wanted == Kind.ASCENDING && available.contains(Kind.DESCENDING))) {
          return exemptionMissing(query, consoleBase, groupName, equality.path(), wanted);
        }
      }
      if (!ordering.isEmpty()) {
        return exemptionMissing(query, consoleBase, groupName, ordering.get(0).path(), ordering.get(0).kind());
      }
    }
    List<IndexField> suggested = new ArrayList<>();
    equalities.stream()
        .sorted(Comparator.comparing(Equality::path))
        .forEach(e -> suggested.add(new IndexField(e.path(), e.contains() ? Kind.CONTAINS : Kind.ASCENDING)));
    suggested.addAll(ordering);
    Kind nameOrder = ordering.isEmpty() ? Kind.ASCENDING : ordering.get(ordering.size() - 1).kind();
    suggested.add(new IndexField(FieldPath.DOCUMENT_NAME, nameOrder == Kind.CONTAINS ? Kind.ASCENDING : nameOrder));
    String payload = encodeIndex(groupName + "/indexes/_", query.allDescendants(), suggested);
    return FirestoreErrors.failedPrecondition(
        "The query requires an index. You can create it here: " + consoleBase + "create_composite=" + payload);
  }

  private static RuntimeException exemptionMissing(
      NormalizedQuery query, String consoleBase, String groupName, FieldPath path, Kind kind) {
    String scope = query.allDescendants() ? "COLLECTION_GROUP_" : "";
    String kindName = switch (kind) {
      case ASCENDING -> "ASC";
      case DESCENDING -> "DESC";
      case CONTAINS -> "ARRAY_CONTAINS";
    };
    String payload = encodeField(groupName + "/fields/" + path.canonical());
    return FirestoreErrors.failedPrecondition("The query requires " + (query.allDescendants() ? "a " : "an ")
        + scope + kindName + " index for collection " + query.collectionId() + " and field " + path.canonical()
        + ". You can create it here: " + consoleBase + "create_exemption=" + payload);
  }

  /** A google.firestore.admin.v1.Index message, base64 encoded, as the console link carries it. */
  private static String encodeIndex(String name, boolean groupScope, List<IndexField> fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(1, name);
      out.writeEnum(2, groupScope ? 2 : 1);
      for (IndexField field : fields) {
        ByteArrayOutputStream fieldBytes = new ByteArrayOutputStream();
        CodedOutputStream fieldOut = CodedOutputStream.newInstance(fieldBytes);
        fieldOut.writeString(1, field.path().canonical());
        switch (field.kind()) {
          case ASCENDING -> fieldOut.writeEnum(2, 1);
          case DESCENDING -> fieldOut.writeEnum(2, 2);
          case CONTAINS -> fieldOut.writeEnum(3, 1);
        }
        fieldOut.flush();
        out.writeByteArray(3, fieldBytes.toByteArray());
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private static String encodeField(String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(1, name);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private static Kind kindOf(JsonNode field, Path file) {
    if (field.has("arrayConfig")) {
      if (!"CONTAINS".equals(field.path("arrayConfig").asText())) {
        throw new IllegalArgumentException(file + ": unsupported arrayConfig " + field.path("arrayConfig"));
      }
      return Kind.CONTAINS;
    }
    return switch (field.path("order").asText()) {
      case "ASCENDING" -> Kind.ASCENDING;
      case "DESCENDING" -> Kind.DESCENDING;
      default -> throw new IllegalArgumentException(file + ": index field needs order ASCENDING|DESCENDING or"
          + " arrayConfig CONTAINS: " + field);
    };
  }

  private static boolean isGroupScope(JsonNode node) {
    return "COLLECTION_GROUP".equals(node.path("queryScope").asText("COLLECTION"));
  }

  private static List<IndexField> withoutTrailingName(List<IndexField> fields) {
    if (!fields.isEmpty() && fields.get(fields.size() - 1).path().isDocumentName()) {
      return List.copyOf(fields.subList(0, fields.size() - 1));
    }
    return List.copyOf(fields);
  }

  private static String overrideKey(String collectionGroup, FieldPath path) {
    return collectionGroup + "\u0000" + path.canonical();
  }
}
