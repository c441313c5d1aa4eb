package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.CreateDocumentRequest;
import com.google.firestore.v1.DeleteDocumentRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.PartitionQueryResponse;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.TransactionOptions;
import com.google.firestore.v1.UpdateDocumentRequest;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteRequest;
import com.google.firestore.v1.WriteResponse;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.veojobs.emulators.faults.FaultPlans;
import dev.veojobs.emulators.faults.GrpcFaults;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The google.firestore.v1.Firestore gRPC service over a {@link DocumentStore}. */
final class FirestoreService extends FirestoreGrpc.FirestoreImplBase {
  private static final Logger LOG = Logger.getLogger(FirestoreService.class.getName());
  private static final String AUTO_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final DocumentStore store;
  private final Transactions transactions;
  private final IndexCatalog indexes;
  private final FaultPlans faults;
  private final SecureRandom random = new SecureRandom();

  FirestoreService(DocumentStore store, Transactions transactions, IndexCatalog indexes, FaultPlans faults) {
    this.store = store;
    this.transactions = transactions;
    this.indexes = indexes;
    this.faults = faults;
  }

  // ---- single documents -------------------------------------------------------------------------------

  @Override
  public void getDocument(GetDocumentRequest request, StreamObserver<Document> responses) {
    faulted("GetDocument", touches(List.of(request.getName())), responses, () -> {
      DocumentName name = DocumentName.parse(request.getName());
      Optional<Transactions.Transaction> tx = request.hasTransaction()
          ? Optional.of(transactions.open(request.getTransaction(), name.database()))
          : Optional.empty();
      Optional<StoredDocument> doc = store.read(() -> {
        Optional<StoredDocument> found = store.get(name.name());
        tx.ifPresent(t -> t.recordRead(name.name(), found.map(StoredDocument::version).orElse(0L)));
        return found;
      });
      return doc.map(d -> render(d, request.hasMask() ? Optional.of(request.getMask()) : Optional.empty()))
          .orElseThrow(() -> FirestoreErrors.notFound("Document \"" + name.name() + "\" not found."));
    });
  }

  @Override
  public void createDocument(CreateDocumentRequest request, StreamObserver<Document> responses) {
    unary(responses, () -> {
      if (request.getCollectionId().isEmpty() || request.getCollectionId().contains("/")) {
        throw FirestoreErrors.invalidArgument("Invalid collection id \"" + request.getCollectionId() + "\".");
      }
      String id = request.getDocumentId().isEmpty() ? autoId() : request.getDocumentId();
      DocumentName name = DocumentName.parse(request.getParent() + "/" + request.getCollectionId() + "/" + id);
      Write write = Write.newBuilder()
          .setUpdate(request.getDocument().toBuilder().setName(name.name()))
          .setCurrentDocument(Precondition.newBuilder().setExists(false))
          .build();
      store.commit(name.database(), List.of(write), Optional.empty());
      return render(store.get(name.name()).orElseThrow(),
          request.hasMask() ? Optional.of(request.getMask()) : Optional.empty());
    });
  }

  @Override
  public void updateDocument(UpdateDocumentRequest request, StreamObserver<Document> responses) {
    unary(responses, () -> {
      DocumentName name = DocumentName.parse(request.getDocument().getName());
      Write.Builder write = Write.newBuilder().setUpdate(request.getDocument());
      if (request.hasUpdateMask()) {
        write.setUpdateMask(request.getUpdateMask());
      }
      if (request.hasCurrentDocument()) {
        write.setCurrentDocument(request.getCurrentDocument());
      }
      store.commit(name.database(), List.of(write.build()), Optional.empty());
      return render(store.get(name.name()).orElseThrow(),
          request.hasMask() ? Optional.of(request.getMask()) : Optional.empty());
    });
  }

  @Override
  public void deleteDocument(DeleteDocumentRequest request, StreamObserver<Empty> responses) {
    unary(responses, () -> {
      DocumentName name = DocumentName.parse(request.getName());
      Write.Builder write = Write.newBuilder().setDelete(name.name());
      if (request.hasCurrentDocument()) {
        write.setCurrentDocument(request.getCurrentDocument());
      }
      store.commit(name.database(), List.of(write.build()), Optional.empty());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void batchGetDocuments(BatchGetDocumentsRequest request, StreamObserver<BatchGetDocumentsResponse> responses) {
    faultedStream("BatchGetDocuments", touches(request.getDocumentsList()), responses, emit -> {
      String database = DocumentName.validateDatabase(request.getDatabase());
      List<DocumentName> names = new ArrayList<>();
      for (String raw : request.getDocumentsList()) {
        DocumentName name = DocumentName.parse(raw);
        if (!name.database().equals(database)) {
          throw FirestoreErrors.invalidArgument("Document \"" + raw + "\" is not in database " + database + ".");
        }
        names.add(name);
      }
      Optional<Transactions.Transaction> tx = switch (request.getConsistencySelectorCase()) {
        case TRANSACTION -> Optional.of(transactions.open(request.getTransaction(), database));
        case NEW_TRANSACTION -> Optional.of(begin(database, request.getNewTransaction()));
        default -> Optional.empty();
      };
      ByteString newTransaction = request.hasNewTransaction() ? tx.orElseThrow().id() : ByteString.EMPTY;
      Optional<DocumentMask> mask = request.hasMask() ? Optional.of(request.getMask()) : Optional.empty();
      List<BatchGetDocumentsResponse> results = store.read(() -> {
        Timestamp readTime = store.readTime();
        List<BatchGetDocumentsResponse> out = new ArrayList<>();
        for (DocumentName name : names) {
          Optional<StoredDocument> found = store.get(name.name());
          tx.ifPresent(t -> t.recordRead(name.name(), found.map(StoredDocument::version).orElse(0L)));
          BatchGetDocumentsResponse.Builder response = BatchGetDocumentsResponse.newBuilder().setReadTime(readTime);
          if (found.isPresent()) {
            response.setFound(render(found.get(), mask));
          } else {
            response.setMissing(name.name());
          }
          out.add(response.build());
        }
        if (out.isEmpty() && !newTransaction.isEmpty()) {
          out.add(BatchGetDocumentsResponse.newBuilder().setReadTime(readTime).build());
        }
        return out;
      });
      for (int i = 0; i < results.size(); i++) {
        BatchGetDocumentsResponse response = results.get(i);
        emit.accept(i == 0 && !newTransaction.isEmpty()
            ? response.toBuilder().setTransaction(newTransaction).build()
            : response);
      }
    });
  }

  // ---- writes and transactions ------------------------------------------------------------------------

  @Override
  public void beginTransaction(BeginTransactionRequest request, StreamObserver<BeginTransactionResponse> responses) {
    faulted("BeginTransaction", touches(List.of()), responses, () -> {
      String database = DocumentName.validateDatabase(request.getDatabase());
      Transactions.Transaction tx = begin(database, request.getOptions());
      return BeginTransactionResponse.newBuilder().setTransaction(tx.id()).build();
    });
  }

  @Override
  public void commit(CommitRequest request, StreamObserver<CommitResponse> responses) {
    faulted("Commit", writing(request.getWritesList()), responses, () -> {
      String database = DocumentName.validateDatabase(request.getDatabase());
      Optional<Transactions.Transaction> tx = request.getTransaction().isEmpty()
          ? Optional.empty()
          : Optional.of(transactions.open(request.getTransaction(), database));
      DocumentStore.CommitResult result = store.commit(database, request.getWritesList(), tx);
      return CommitResponse.newBuilder()
          .addAllWriteResults(result.writeResults())
          .setCommitTime(result.commitTime())
          .build();
    });
  }

  @Override
  public void rollback(RollbackRequest request, StreamObserver<Empty> responses) {
    faulted("Rollback", touches(List.of()), responses, () -> {
      String database = DocumentName.validateDatabase(request.getDatabase());
      if (request.getTransaction().isEmpty()) {
        throw FirestoreErrors.invalidArgument("Rollback needs a transaction.");
      }
      transactions.rollback(request.getTransaction(), database);
      return Empty.getDefaultInstance();
    });
  }

  /** Each write commits on its own; one failing write does not stop the others (not atomic, as in production). */
  @Override
  public void batchWrite(BatchWriteRequest request, StreamObserver<BatchWriteResponse> responses) {
    faulted("BatchWrite", writing(request.getWritesList()), responses, () -> {
      String database = DocumentName.validateDatabase(request.getDatabase());
      BatchWriteResponse.Builder response = BatchWriteResponse.newBuilder();
      for (Write write : request.getWritesList()) {
        try {
          DocumentStore.CommitResult result = store.commit(database, List.of(write), Optional.empty());
          response.addWriteResults(result.writeResults().get(0));
          response.addStatus(com.google.rpc.Status.newBuilder().setCode(0));
        } catch (StatusRuntimeException e) {
          response.addWriteResults(com.google.firestore.v1.WriteResult.getDefaultInstance());
          response.addStatus(com.google.rpc.Status.newBuilder()
              .setCode(e.getStatus().getCode().value())
              .setMessage(String.valueOf(e.getStatus().getDescription())));
        }
      }
      return response.build();
    });
  }

  // ---- queries ----------------------------------------------------------------------------------------

  @Override
  public void runQuery(RunQueryRequest request, StreamObserver<RunQueryResponse> responses) {
    faultedStream("RunQuery", querying(request.getParent(), request.getStructuredQuery()), responses, emit -> {
      if (!request.hasStructuredQuery()) {
        throw FirestoreErrors.invalidArgument("RunQuery needs a structured_query.");
      }
      if (request.hasExplainOptions()) {
        throw FirestoreErrors.unimplemented("RunQuery (explain_options)");
      }
      NormalizedQuery query = NormalizedQuery.of(request.getParent(), request.getStructuredQuery());
      indexes.check(query);
      Optional<Transactions.Transaction> tx = switch (request.getConsistencySelectorCase()) {
        case TRANSACTION -> Optional.of(transactions.open(request.getTransaction(), query.database()));
        case NEW_TRANSACTION -> Optional.of(begin(query.database(), request.getNewTransaction()));
        default -> Optional.empty();
      };
      ByteString newTransaction = request.hasNewTransaction() ? tx.orElseThrow().id() : ByteString.EMPTY;
      Timestamp[] readTime = new Timestamp[1];
      List<StoredDocument> results = store.read(() -> {
        readTime[0] = store.readTime();
        List<StoredDocument> found = QueryEngine.run(query, store.all());
        tx.ifPresent(t -> recordQuery(t, query, found));
        return found;
      });
      List<RunQueryResponse> out = new ArrayList<>();
      for (StoredDocument doc : results) {
        Document rendered = query.projection().map(doc::toProto).orElseGet(doc::toProto);
        out.add(RunQueryResponse.newBuilder().setDocument(rendered).setReadTime(readTime[0]).build());
      }
      if (out.isEmpty()) {
        out.add(RunQueryResponse.newBuilder().setReadTime(readTime[0]).build());
      }
      for (int i = 0; i < out.size(); i++) {
        RunQueryResponse response = out.get(i);
        if (i == 0 && !newTransaction.isEmpty()) {
          response = response.toBuilder().setTransaction(newTransaction).build();
        }
        emit.accept(response);
      }
    });
  }

  @Override
  public void runAggregationQuery(
      RunAggregationQueryRequest request, StreamObserver<RunAggregationQueryResponse> responses) {
    faultedStream("RunAggregationQuery", querying(request.getParent(),
        request.getStructuredAggregationQuery().getStructuredQuery()), responses, emit -> {
      if (!request.hasStructuredAggregationQuery()
          || !request.getStructuredAggregationQuery().hasStructuredQuery()) {
        throw FirestoreErrors.invalidArgument("RunAggregationQuery needs a structured_aggregation_query.");
      }
      if (request.hasExplainOptions()) {
        throw FirestoreErrors.unimplemented("RunAggregationQuery (explain_options)");
      }
      StructuredAggregationQuery aggregation = request.getStructuredAggregationQuery();
      Aggregations.validate(aggregation.getAggregationsList());
      NormalizedQuery query = NormalizedQuery.of(request.getParent(), aggregation.getStructuredQuery());
      indexes.check(query);
      Optional<Transactions.Transaction> tx = switch (request.getConsistencySelectorCase()) {
        case TRANSACTION -> Optional.of(transactions.open(request.getTransaction(), query.database()));
        case NEW_TRANSACTION -> Optional.of(begin(query.database(), request.getNewTransaction()));
        default -> Optional.empty();
      };
      Timestamp[] readTime = new Timestamp[1];
      List<StoredDocument> matched = store.read(() -> {
        readTime[0] = store.readTime();
        List<StoredDocument> found = QueryEngine.run(query, store.all());
        tx.ifPresent(t -> recordQuery(t, query, found));
        return found;
      });
      List<StoredDocument> inScope = Aggregations.inScope(aggregation.getAggregationsList(), matched);
      AggregationResult.Builder result = AggregationResult.newBuilder();
      for (int i = 0; i < aggregation.getAggregationsCount(); i++) {
        StructuredAggregationQuery.Aggregation a = aggregation.getAggregations(i);
        String alias = a.getAlias().isEmpty() ? "field_" + (i + 1) : a.getAlias();
        result.putAggregateFields(alias, Aggregations.compute(a, inScope));
      }
      RunAggregationQueryResponse.Builder response = RunAggregationQueryResponse.newBuilder()
          .setResult(result)
          .setReadTime(readTime[0]);
      if (request.hasNewTransaction()) {
        response.setTransaction(tx.orElseThrow().id());
      }
      emit.accept(response.build());
    });
  }

  @Override
  public void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> responses) {
    unary(responses, () -> {
      if (request.getCollectionId().isEmpty() || request.getCollectionId().contains("/")) {
        throw FirestoreErrors.invalidArgument("Invalid collection id \"" + request.getCollectionId() + "\".");
      }
      if (!request.getOrderBy().isEmpty()) {
        throw FirestoreErrors.unimplemented("ListDocuments (order_by)");
      }
      String collection = request.getParent() + "/" + request.getCollectionId();
      DocumentName.parse(collection, false);
      String after = request.getPageToken().isEmpty()
          ? ""
          : new String(Base64.getUrlDecoder().decode(request.getPageToken()), StandardCharsets.UTF_8);
      Optional<DocumentMask> mask = request.hasMask() ? Optional.of(request.getMask()) : Optional.empty();
      // Missing documents are ids with no document of their own but documents below them.
      List<Document> listed = store.read(() -> {
        TreeSet<String> names = new TreeSet<>(ValueOrdering::compareNames);
        for (StoredDocument doc : store.all()) {
          if (doc.name().startsWith(collection + "/")) {
            String id = doc.name().substring(collection.length() + 1).split("/", 2)[0];
            String name = collection + "/" + id;
            if (name.equals(doc.name()) || request.getShowMissing()) {
              names.add(name);
            }
          }
        }
        List<Document> out = new ArrayList<>();
        for (String name : after.isEmpty() ? names : names.tailSet(after, false)) {
          out.add(store.get(name).map(d -> render(d, mask)).orElseGet(() -> Document.newBuilder().setName(name).build()));
        }
        return out;
      });
      int pageSize = request.getPageSize() > 0 ? request.getPageSize() : listed.size();
      ListDocumentsResponse.Builder response = ListDocumentsResponse.newBuilder();
      response.addAllDocuments(listed.subList(0, Math.min(pageSize, listed.size())));
      if (listed.size() > pageSize) {
        String last = listed.get(pageSize - 1).getName();
        response.setNextPageToken(Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
      }
      return response.build();
    });
  }

  @Override
  public void listCollectionIds(ListCollectionIdsRequest request, StreamObserver<ListCollectionIdsResponse> responses) {
    unary(responses, () -> {
      String database = DocumentName.databaseOf(request.getParent());
      boolean root = request.getParent().equals(database + DocumentName.DOCUMENTS);
      if (!root) {
        DocumentName.parse(request.getParent());
      }
      String prefix = request.getParent() + "/";
      TreeSet<String> ids = store.read(() -> {
        TreeSet<String> found = new TreeSet<>(ValueOrdering::compareStrings);
        for (StoredDocument doc : store.all()) {
          if (doc.name().startsWith(prefix)) {
            found.add(doc.name().substring(prefix.length()).split("/", 2)[0]);
          }
        }
        return found;
      });
      List<String> page = new ArrayList<>(request.getPageToken().isEmpty()
          ? ids
          : ids.tailSet(request.getPageToken(), false));
      int pageSize = request.getPageSize() > 0 ? request.getPageSize() : page.size();
      ListCollectionIdsResponse.Builder response = ListCollectionIdsResponse.newBuilder()
          .addAllCollectionIds(page.subList(0, Math.min(pageSize, page.size())));
      if (page.size() > pageSize) {
        response.setNextPageToken(page.get(pageSize - 1));
      }
      return response.build();
    });
  }

  // ---- outside the emulator's fidelity table ----------------------------------------------------------

  @Override
  public void partitionQuery(PartitionQueryRequest request, StreamObserver<PartitionQueryResponse> responses) {
    responses.onError(FirestoreErrors.unimplemented("PartitionQuery"));
  }

  @Override
  public StreamObserver<WriteRequest> write(StreamObserver<WriteResponse> responses) {
    responses.onError(FirestoreErrors.unimplemented("Write"));
    return new IgnoredStream<>();
  }

  @Override
  public StreamObserver<ListenRequest> listen(StreamObserver<ListenResponse> responses) {
    responses.onError(FirestoreErrors.unimplemented("Listen"));
    return new IgnoredStream<>();
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private Transactions.Transaction begin(String database, TransactionOptions options) {
    return transactions.begin(database, options);
  }

  private void recordQuery(Transactions.Transaction tx, NormalizedQuery query, List<StoredDocument> found) {
    tx.recordQuery(new Transactions.QueryRead(
        () -> stamps(QueryEngine.run(query, store.all())), stamps(found)));
  }

  private static List<Transactions.ReadStamp> stamps(List<StoredDocument> docs) {
    return docs.stream().map(d -> new Transactions.ReadStamp(d.name(), d.version())).toList();
  }

  private static Document render(StoredDocument doc, Optional<DocumentMask> mask) {
    return mask.map(m -> doc.toProto(m.getFieldPathsList().stream().map(FieldPath::parse).toList()))
        .orElseGet(doc::toProto);
  }

  private String autoId() {
    StringBuilder id = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      id.append(AUTO_ID_ALPHABET.charAt(random.nextInt(AUTO_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  private interface Body<T> {
    T run();
  }

  /** A call the fault plans may fail or hold; its single response comes from {@code body}. */
  private <T> void faulted(String method, Predicate<String> target, StreamObserver<T> responses, Body<T> body) {
    GrpcFaults.run(faults, method, target, responses, () -> List.of(body.run()), FirestoreService::asStatus);
  }

  /** As {@link #faulted} for a server-streaming call whose responses {@code body} emits. */
  private <T> void faultedStream(
      String method, Predicate<String> target, StreamObserver<T> responses, Consumer<Consumer<T>> body) {
    GrpcFaults.run(faults, method, target, responses, () -> {
      List<T> out = new ArrayList<>();
      body.accept(out::add);
      return out;
    }, FirestoreService::asStatus);
  }

  /** A plan's target (a document path prefix such as {@code jobs/}) matches a call reading these documents. */
  private static Predicate<String> touches(List<String> names) {
    return prefix -> names.stream().map(FirestoreService::relativePath).anyMatch(path -> path.startsWith(prefix));
  }

  private static Predicate<String> writing(List<Write> writes) {
    return prefix -> writes.stream().anyMatch(write -> {
      try {
        return relativePath(WriteApplier.targetName(write)).startsWith(prefix);
      } catch (StatusRuntimeException malformed) {
        return false;
      }
    });
  }

  /**
   * A query matches a prefix inside the collection it reads ({@code jobs/abc} for a query on {@code jobs}) or
   * above it; a collection-group query reads everything under its parent.
   */
  private static Predicate<String> querying(String parent, StructuredQuery query) {
    String parentPath = relativePath(parent);
    String scope = (parentPath.isEmpty() ? "" : parentPath + "/")
        + (query.getFromCount() == 1 && !query.getFrom(0).getAllDescendants()
            ? query.getFrom(0).getCollectionId() + "/" : "");
    return prefix -> scope.startsWith(prefix) || prefix.startsWith(scope);
  }

  /** The path below {@code /documents} of a resource name ({@code jobs/abc}); empty for the root. */
  private static String relativePath(String name) {
    int at = name.indexOf(DocumentName.DOCUMENTS);
    if (at < 0) {
      return name;
    }
    String rest = name.substring(at + DocumentName.DOCUMENTS.length());
    return rest.startsWith("/") ? rest.substring(1) : rest;
  }

  private static <T> void unary(StreamObserver<T> responses, Body<T> body) {
    T result;
    try {
      result = body.run();
    } catch (RuntimeException e) {
      responses.onError(asStatus(e));
      return;
    }
    responses.onNext(result);
    responses.onCompleted();
  }

  private static StatusRuntimeException asStatus(RuntimeException e) {
    if (e instanceof StatusRuntimeException status) {
      return status;
    }
    LOG.log(Level.WARNING, "Firestore emulator failed on a request", e);
    return Status.INTERNAL.withDescription("Firestore emulator error: " + e).withCause(e).asRuntimeException();
  }

  /** Input of a stream the emulator has already refused. */
  private static final class IgnoredStream<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
