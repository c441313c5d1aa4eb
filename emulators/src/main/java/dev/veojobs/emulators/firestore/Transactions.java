package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.TransactionOptions;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Open transactions and what each has read. Nothing is locked while a transaction is open; its commit
 * checks that every document it read still has the version it saw and that every query it ran still
 * returns the same documents at the same versions (optimistic concurrency control).
 */
final class Transactions {
  /** A document seen at a version; version 0 means it did not exist. */
  record ReadStamp(String name, long version) {}

  /** A query run inside a transaction, with a way to run it again at commit time. */
  record QueryRead(Supplier<List<ReadStamp>> rerun, List<ReadStamp> seen) {}

  static final class Transaction {
    private final ByteString id;
    private final String database;
    private final boolean readOnly;
    private final Map<String, Long> documentReads = new ConcurrentHashMap<>();
    private final List<QueryRead> queryReads = new CopyOnWriteArrayList<>();

    private Transaction(ByteString id, String database, boolean readOnly) {
      this.id = id;
      this.database = database;
      this.readOnly = readOnly;
    }

    ByteString id() {
      return id;
    }

    String database() {
      return database;
    }

    boolean readOnly() {
      return readOnly;
    }

    /** Remembers the first version seen: a later change shows up as a conflict at commit. */
    void recordRead(String name, long version) {
      documentReads.putIfAbsent(name, version);
    }

    void recordQuery(QueryRead read) {
      queryReads.add(read);
    }

    Map<String, Long> documentReads() {
      return documentReads;
    }

    List<QueryRead> queryReads() {
      return queryReads;
    }
  }

  private final Map<ByteString, Transaction> open = new ConcurrentHashMap<>();
  private final Set<ByteString> finished = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();
  private final SecureRandom random = new SecureRandom();

  Transaction begin(String database, TransactionOptions options) {
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    ByteString id = ByteString.copyFrom(
        ByteBuffer.allocate(16).putLong(sequence.incrementAndGet()).put(salt).array());
    Transaction transaction = new Transaction(id, database, options.hasReadOnly());
    open.put(id, transaction);
    return transaction;
  }

  /** The open transaction with this id, or INVALID_ARGUMENT as production answers for a stale id. */
  Transaction open(ByteString id, String database) {
    Transaction transaction = open.get(id);
    if (transaction == null) {
      throw FirestoreErrors.expiredTransaction();
    }
    if (!transaction.database().equals(database)) {
      throw FirestoreErrors.invalidArgument("The transaction belongs to database " + transaction.database()
          + ", not " + database + ".");
    }
    return transaction;
  }

  /** Ends a transaction for good, whether it commits, fails or is rolled back. */
  Transaction finish(ByteString id, String database) {
    Transaction transaction = open(id, database);
    open.remove(id);
    finished.add(id);
    return transaction;
  }

  /** Rolling back a transaction that already ended is harmless; an id never handed out is not. */
  void rollback(ByteString id, String database) {
    if (finished.contains(id) && !open.containsKey(id)) {
      return;
    }
    finish(id, database);
  }

  int openCount() {
    return open.size();
  }

  void clear() {
    open.clear();
    finished.clear();
  }
}
