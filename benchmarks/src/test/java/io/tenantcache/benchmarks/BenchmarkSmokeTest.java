package io.tenantcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Proves in the build that the benchmarks run: one very short iteration of the get-hit benchmark
 * (smallest size) and of the over-full read-through benchmark for every provider, in this JVM (no
 * fork), with the setup and teardown checks. Not a measurement: real runs are {@code
 * benchmarks/run-all.sh}.
 */
final class BenchmarkSmokeTest {
  @Test
  void getHit_everyProvider_runsWithItsChecks() throws RunnerException {
    Collection<RunResult> results = runEveryProvider(
        new OptionsBuilder().include(GetHitBenchmark.class.getName() + ".get$").param("size", "4096"));
    for (RunResult result : results) {
      assertTrue(result.getPrimaryResult().getScore() > 0,
          () -> result.getParams().getParam("provider") + " scored nothing");
    }
  }

  @Test
  void readThroughOverfull_everyProvider_hitsAndLoads() throws RunnerException {
    Collection<RunResult> results = runEveryProvider(new OptionsBuilder()
        .include(ReadThroughOverfullBenchmark.class.getName() + ".get$"));
    for (RunResult result : results) {
      String provider = result.getParams().getParam("provider");
      double gets = result.getSecondaryResults().get("gets").getScore();
      double loads = result.getSecondaryResults().get("loads").getScore();
      // over-full: some gets load, most hit (a Zipfian trace's hot keys stay cached)
      assertTrue(gets > 0 && loads > 0 && loads < gets / 2,
          () -> provider + ": " + loads + " loads in " + gets + " gets");
    }
  }

  @Test
  void loadingFeatures_bothModes_runWithTheirChecks() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(LoadingFeaturesBenchmark.class.getName())
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .forks(0)
        .threads(1)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build()).run();
    assertTrue(results.size() == 4, () -> "get and getAsync, plain and refreshAhead: " + results);
    for (RunResult result : results) {
      assertTrue(result.getPrimaryResult().getScore() > 0,
          () -> result.getParams() + " scored nothing");
    }
  }

  /** Runs the benchmarks {@code options} includes once briefly per provider, statistics off. */
  private static Collection<RunResult> runEveryProvider(ChainedOptionsBuilder options)
      throws RunnerException {
    Options built = options
        .param("statistics", "false")
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .forks(0)
        .threads(1)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(built).run();
    assertEquals(Provider.values().length, results.size());
    return results;
  }

  @Test
  void footprint_everyProvider_measuresAFewThousandEntries() {
    for (Provider provider : Provider.values()) {
      FootprintMain.Footprint footprint = FootprintMain.measure(provider.id(), 2_000);
      assertTrue(footprint.jolPerEntry() > 32 && footprint.jolPerEntry() < 1_000,
          () -> provider.id() + ": " + footprint);
    }
  }
}
