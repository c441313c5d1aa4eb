package dev.veojobs.emulators.firestore;

import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * All documents of every project and database, keyed by full resource name. Commits run one at a time
 * under a write lock and are all-or-nothing; reads take the read lock so they never see half a commit.
 */
final class DocumentStore {
  record CommitResult(List<WriteResult> writeResults, Timestamp commitTime) {}

  private final Map<String, StoredDocument> documents = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final EmulatorClock clock;
  private final Transactions transactions;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private long commitSequence;
  private Timestamp lastCommitTime = Timestamp.getDefaultInstance();

  DocumentStore(EmulatorClock clock, Transactions transactions) {
    this.clock = clock;
    this.transactions = transactions;
  }

  /** Runs a read of several documents or a query against one consistent state. */
  <T> T read(Supplier<T> reader) {
    lock.readLock().lock();
    try {
      return reader.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  Optional<StoredDocument> get(String name) {
    return Optional.ofNullable(documents.get(name));
  }

  /** Callers hold the read lock (see {@link #read}) when they need a consistent view. */
  Collection<StoredDocument> all() {
    return documents.values();
  }

  long versionOf(String name) {
    StoredDocument doc = documents.get(name);
    return doc == null ? 0 : doc.version();
  }

  /**
   * Applies the writes atomically. With a transaction, first ends it and checks that nothing it read has
   * changed since, else ABORTED so the client retries the whole transaction.
   */
  CommitResult commit(String database, List<Write> writeList, Optional<Transactions.Transaction> transaction) {
    List<String> targets = new ArrayList<>(writeList.size());
    for (Write write : writeList) {
      String name = WriteApplier.targetName(write);
      if (!DocumentName.databaseOf(name).equals(database)) {
        throw FirestoreErrors.invalidArgument(
            "Document \"" + name + "\" is not in the database of the request, " + database + ".");
      }
      targets.add(name);
    }
    lock.writeLock().lock();
    try {
      if (transaction.isPresent()) {
        Transactions.Transaction tx = transactions.finish(transaction.get().id(), database);
        if (tx.readOnly() && !writeList.isEmpty()) {
          throw FirestoreErrors.invalidArgument("Cannot modify entities in a read-only transaction.");
        }
        try {
          verifyReads(tx);
        } catch (RuntimeException e) {
          aborted.incrementAndGet();
          throw e;
        }
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Timestamp requestTime = Timestamps.fromMicros(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
      // Update times must tell versions apart, even when a manual clock stands still between commits.
      Timestamp commitTime = Timestamps.compare(requestTime, lastCommitTime) > 0
          ? requestTime
          : Timestamps.add(lastCommitTime, com.google.protobuf.util.Durations.fromMicros(1));
      long version = commitSequence + 1;
      WriteApplier.CommitStamp stamp = new WriteApplier.CommitStamp(requestTime, commitTime, version);

      Map<String, Optional<StoredDocument>> staged = new LinkedHashMap<>();
      List<WriteResult> results = new ArrayList<>(writeList.size());
      for (int i = 0; i < writeList.size(); i++) {
        String name = targets.get(i);
        Optional<StoredDocument> current = staged.containsKey(name) ? staged.get(name) : get(name);
        WriteApplier.Outcome outcome = WriteApplier.apply(writeList.get(i), current, stamp);
        staged.put(name, outcome.after());
        results.add(outcome.result());
      }
      staged.forEach((name, after) -> {
        if (after.isPresent()) {
          documents.put(name, after.get());
        } else {
          documents.remove(name);
        }
      });
      commitSequence = version;
      lastCommitTime = commitTime;
      commits.incrementAndGet();
      writes.addAndGet(writeList.size());
      return new CommitResult(results, commitTime);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void verifyReads(Transactions.Transaction tx) {
    for (Map.Entry<String, Long> read : tx.documentReads().entrySet()) {
      if (versionOf(read.getKey()) != read.getValue()) {
        throw FirestoreErrors.contention();
      }
    }
    for (Transactions.QueryRead query : tx.queryReads()) {
      if (!query.rerun().get().equals(query.seen())) {
        throw FirestoreErrors.contention();
      }
    }
  }

  /** Time as production reports it for reads: the clock, in microseconds. */
  Timestamp readTime() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return Timestamps.fromMicros(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
  }

  long commitCount() {
    return commits.get();
  }

  long writeCount() {
    return writes.get();
  }

  /** Transaction commits refused with ABORTED because something they read had changed. */
  long abortedCount() {
    return aborted.get();
  }

  int size() {
    return documents.size();
  }

  void clear() {
    lock.writeLock().lock();
    try {
      documents.clear();
      transactions.clear();
      commits.set(0);
      writes.set(0);
      aborted.set(0);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
