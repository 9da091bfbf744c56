package io.tenantcache.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Each benchmark thread's position in the key trace; threads start at random positions. */
@State(Scope.Thread)
public class ThreadIndex {
  /** The next position; use {@code index++ & mask}, the mask of the trace replayed. */
  public int index = ThreadLocalRandom.current().nextInt();
}
