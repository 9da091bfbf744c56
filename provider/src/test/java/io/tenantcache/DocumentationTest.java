package io.tenantcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of the README and of {@code docs/} cannot rot: each block is either compiled
 * here against the provider ({@code <!-- compiled -->}, or {@code <!-- compiled with: Type name;
 * ... -->} to declare what it uses), or an excerpt of an example that its own module compiles and
 * tests ({@code <!-- excerpt: path -->}: its lines, with {@code // ...} for what is left out, stand
 * in that file in order). A block with neither marker fails.
 */
final class DocumentationTest {
  private static final Pattern BLOCK = Pattern.compile(
      "(?:<!-- (compiled(?: with: (.*?))?|excerpt: (\\S+)) -->\\n)?```java\\n(.*?)```",
      Pattern.DOTALL);

  /** What every compiled example may use without saying so. */
  private static final String IMPORTS = String.join("\n",
      "import io.tenantcache.*;",
      "import io.github.resilience4j.bulkhead.BulkheadConfig;",
      "import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;",
      "import io.github.resilience4j.core.IntervalFunction;",
      "import io.github.resilience4j.retry.RetryConfig;",
      "import io.micrometer.context.ContextExecutorService;",
      "import io.micrometer.context.ContextSnapshotFactory;",
      "import io.micrometer.core.instrument.MeterRegistry;",
      "import java.io.IOException;",
      "import java.net.URI;",
      "import java.time.Duration;",
      "import java.util.*;",
      "import java.util.concurrent.*;",
      "import java.util.function.*;",
      "import javax.cache.Cache;",
      "import javax.cache.CacheManager;",
      "import javax.cache.Caching;",
      "import javax.cache.configuration.FactoryBuilder;",
      "import javax.cache.configuration.MutableConfiguration;",
      "import javax.cache.expiry.CreatedExpiryPolicy;",
      "import javax.cache.integration.CacheLoader;");

  /** The application types the examples talk about. */
  private static final String EXAMPLE_TYPES = """
        static final class User implements java.io.Serializable {}
        public static final class UserLoader implements CacheLoader<String, User> {
          @Override public User load(String key) { return new User(); }
          @Override public Map<String, User> loadAll(Iterable<? extends String> keys) {
            return Map.of();
          }
        }
        interface RequestContext {
          static RequestContext current() { return null; }
          String tenantId();
        }
        static final class MyApp {}
        static final class Order implements java.io.Serializable {}
      """;

  @TempDir Path classes;

  @TestFactory
  Stream<DynamicTest> everyJavaBlock_isCompiledOrAnExcerptOfTestedCode() throws IOException {
    Path root = repositoryRoot();
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher block = BLOCK.matcher(text);
      while (block.find()) {
        String where = root.relativize(page) + ":" + lineOf(text, block.start(4));
        String marker = block.group(1);
        String code = block.group(4);
        String given = block.group(2);
        String excerptOf = block.group(3);
        tests.add(DynamicTest.dynamicTest(where, () -> {
          assertThat(marker).as("%s: a Java block needs <!-- compiled --> or <!-- excerpt: path -->"
              + " on the line before it", where).isNotNull();
          if (excerptOf != null) {
            assertExcerpt(where, code, root.resolve(excerptOf));
          } else {
            assertCompiles(where, code, (given == null) ? "" : given);
          }
        }));
      }
    }
    assertThat(tests).as("Java blocks found in the README and docs/").hasSizeGreaterThan(5);
    return tests.stream();
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("docs"))
        && Files.isRegularFile(dir.resolve("README.md")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (with README.md and docs/)").isNotNull();
    return dir;
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static List<String> stripped(List<String> lines) {
    return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** Each run of the block between {@code // ...} lines stands in {@code file}, in order. */
  private static void assertExcerpt(String where, String code, Path file) {
    List<String> source;
    try {
      source = stripped(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": cannot read " + file, e);
    }
    int from = 0;
    List<String> run = new ArrayList<>();
    List<List<String>> runs = new ArrayList<>();
    for (String line : stripped(code.lines().toList())) {
      if (line.equals("// ...")) {
        runs.add(run);
        run = new ArrayList<>();
      } else {
        run.add(line);
      }
    }
    runs.add(run);
    for (List<String> part : runs) {
      if (part.isEmpty()) {
        continue;
      }
      int at = indexOf(source, part, from);
      assertThat(at).as("%s: these lines are not (any more) in %s, after line %d of it:%n%s",
          where, file.getFileName(), from, String.join("\n", part)).isNotNegative();
      from = at + part.size();
    }
  }

  private static int indexOf(List<String> source, List<String> part, int from) {
    for (int i = from; i + part.size() <= source.size(); i++) {
      if (source.subList(i, i + part.size()).equals(part)) {
        return i;
      }
    }
    return -1;
  }

  private void assertCompiles(String where, String code, String given) throws IOException {
    StringBuilder fields = new StringBuilder();
    for (String declaration : given.split(";")) {
      if (!declaration.isBlank()) {
        fields.append("  ").append(declaration.strip()).append(";\n");
      }
    }
    String source = IMPORTS + "\n\n@SuppressWarnings(\"unused\")\nclass Example {\n"
        + EXAMPLE_TYPES + fields + "  void run() throws Exception {\n" + code + "  }\n}\n";
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///Example.java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      boolean compiled = compiler.getTask(null, files, diagnostics,
          List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none"), null,
          List.of(unit)).call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
          .toList();
      assertThat(compiled).as("%s does not compile:%n%s%n%s", where, String.join("\n", errors),
          source).isTrue();
    }
  }
}
