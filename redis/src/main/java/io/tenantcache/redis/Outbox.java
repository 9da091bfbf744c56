package io.tenantcache.redis;

import io.tenantcache.cluster.Invalidation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The invalidations waiting to be sent, at most {@code capacity} of them, each once: an
 * invalidation already waiting is not queued again (a hot key written a thousand times while the
 * sender is busy goes out once). One that does not fit is not lost without a trace: its cache is
 * remembered, and the sender first publishes an invalidation of that whole cache ({@link
 * #takeBatch}), which covers what was dropped.
 */
final class Outbox {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final LinkedHashSet<Invalidation> queue = new LinkedHashSet<>();
  private final Set<String> overflowed = new LinkedHashSet<>();
  private long overflows;
  /** How many of the last batch taken are not yet sent nor put back. */
  private int inFlight;

  Outbox(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code invalidation}; never blocks. */
  void add(Invalidation invalidation) {
    lock.lock();
    try {
      boolean wasEmpty = queue.isEmpty() && overflowed.isEmpty();
      enqueue(invalidation);
      if (wasEmpty) {
        waiting.signal(); // the sender waits only on an empty outbox: wake it once, not per add
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues {@code invalidation} unless it waits already, or, when the queue is full, remembers its
   * cache as overflowed. The lock is held.
   */
  private void enqueue(Invalidation invalidation) {
    if (queue.size() < capacity || queue.contains(invalidation)) {
      queue.add(invalidation);
    } else {
      overflowed.add(invalidation.cache());
      overflows++;
    }
  }

  /**
   * Returns up to {@code max} invalidations in order, waiting up to {@code timeoutNanos} for the
   * first: first an invalidation of each cache whose invalidations overflowed, then the queue's.
   */
  List<Invalidation> takeBatch(int max, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeoutNanos;
      while (queue.isEmpty() && overflowed.isEmpty() && nanos > 0) {
        nanos = waiting.awaitNanos(nanos);
      }
      List<Invalidation> batch = new ArrayList<>();
      for (String cache : overflowed) {
        batch.add(Invalidation.ofCache(cache));
      }
      overflowed.clear();
      Iterator<Invalidation> waitingFirst = queue.iterator();
      while (batch.size() < max && waitingFirst.hasNext()) {
        batch.add(waitingFirst.next());
        waitingFirst.remove();
      }
      inFlight = batch.size();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** The batch last taken was sent. */
  void sent() {
    lock.lock();
    try {
      inFlight = 0;
    } finally {
      lock.unlock();
    }
  }

  /** Puts back, in front and in order, a batch that could not be sent. */
  void putBack(List<Invalidation> batch) {
    lock.lock();
    try {
      inFlight = 0;
      List<Invalidation> waitingNow = new ArrayList<>(queue);
      queue.clear();
      for (Invalidation invalidation : batch) {
        if (invalidation.tenant() == null) {
          overflowed.add(invalidation.cache());
        } else {
          queue.add(invalidation);
        }
      }
      for (Invalidation invalidation : waitingNow) {
        enqueue(invalidation);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many invalidations wait or are being sent. */
  int size() {
    lock.lock();
    try {
      return queue.size() + overflowed.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  long overflows() {
    lock.lock();
    try {
      return overflows;
    } finally {
      lock.unlock();
    }
  }
}
