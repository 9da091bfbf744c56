package io.tenantcache.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the provider, read from its compiled classes: the API at the bottom, each
 * package importing only packages of lower floors, and API signatures free of internal types.
 * A new package fails {@link #everyPackageHasAFloor()} until it is given a floor here.
 */
final class ArchitectureTest {
  private static final String ROOT = "io.tenantcache";

  /**
   * The floor of each package: a package may import only packages on lower floors. The API is
   * floor 0; the exported provider and Micrometer binder sit on top of the implementation.
   */
  private static final Map<String, Integer> FLOORS = Map.ofEntries(
      Map.entry(ROOT, 0),
      Map.entry(ROOT + ".cluster", 1),
      Map.entry(ROOT + ".internal.copy", 1),
      Map.entry(ROOT + ".internal.event", 1),
      Map.entry(ROOT + ".internal.store", 1),
      Map.entry(ROOT + ".internal.metrics", 1),
      Map.entry(ROOT + ".internal.config", 1),
      Map.entry(ROOT + ".internal.load", 2),
      Map.entry(ROOT + ".internal.cluster", 2),
      Map.entry(ROOT + ".internal.management", 2),
      Map.entry(ROOT + ".internal.cache", 3),
      Map.entry(ROOT + ".internal.manager", 4),
      Map.entry(ROOT + ".micrometer", 5),
      Map.entry(ROOT + ".spi", 5));

  /** The packages users may name: the rest is implementation. */
  private static final Set<String> EXPORTED = Set.of(ROOT, ROOT + ".cluster", ROOT + ".micrometer",
      ROOT + ".spi");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void everyPackageHasAFloor() {
    Set<String> packages = new TreeSet<>();
    classes.forEach(type -> packages.add(type.getPackageName()));
    assertThat(packages).isNotEmpty();
    packages.removeAll(FLOORS.keySet());
    assertThat(packages).as("packages without a floor in ArchitectureTest.FLOORS").isEmpty();
  }

  @Test
  void packagesImportOnlyLowerFloors() {
    List<String> upward = new ArrayList<>();
    for (JavaClass type : classes) {
      Integer floor = FLOORS.get(type.getPackageName());
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        String targetPackage = target.getPackageName();
        if (targetPackage.equals(type.getPackageName()) || !targetPackage.startsWith(ROOT)) {
          continue;
        }
        Integer targetFloor = FLOORS.get(targetPackage);
        if (floor == null || targetFloor == null || targetFloor >= floor) {
          upward.add(type.getName() + " (" + floor + ") -> " + target.getName() + " ("
              + targetFloor + ")");
        }
      }
    }
    assertThat(new TreeSet<>(upward)).as("imports that do not run down the floors").isEmpty();
  }

  @Test
  void apiSignaturesNameNoInternalType() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass type : classes) {
      if (!EXPORTED.contains(type.getPackageName()) || !isVisible(type)) {
        continue;
      }
      type.getRawSuperclass().ifPresent(superclass -> check(leaks, type.getName(), superclass));
      type.getRawInterfaces().forEach(api -> check(leaks, type.getName(), api));
      for (JavaField field : type.getFields()) {
        if (isVisible(field.getModifiers())) {
          field.getType().getAllInvolvedRawTypes()
              .forEach(used -> check(leaks, field.getFullName(), used));
        }
      }
      for (JavaCodeUnit member : type.getCodeUnits()) {
        if (!isVisible(member.getModifiers())) {
          continue;
        }
        member.getReturnType().getAllInvolvedRawTypes()
            .forEach(used -> check(leaks, member.getFullName(), used));
        member.getParameterTypes().forEach(parameter -> parameter.getAllInvolvedRawTypes()
            .forEach(used -> check(leaks, member.getFullName(), used)));
        member.getThrowsClause().getTypes()
            .forEach(thrown -> check(leaks, member.getFullName(), thrown));
      }
    }
    assertThat(new TreeSet<>(leaks)).as("API signatures that name internal types").isEmpty();
  }

  @Test
  void internalTypesArePublicOnlyWhereAnotherPackageUsesThem() {
    List<String> needless = new ArrayList<>();
    for (JavaClass type : classes) {
      if (EXPORTED.contains(type.getPackageName()) || !type.getModifiers().contains(
          JavaModifier.PUBLIC) || type.isNestedClass() || type.getSimpleName().equals("package-info")) {
        continue;
      }
      boolean usedElsewhere = type.getDirectDependenciesToSelf().stream()
          .anyMatch(dependency -> !dependency.getOriginClass().getPackageName()
              .equals(type.getPackageName()));
      if (!usedElsewhere) {
        needless.add(type.getName());
      }
    }
    assertThat(new TreeSet<>(needless))
        .as("public internal types that no other package uses (make them package-private)")
        .isEmpty();
  }

  private static void check(List<String> leaks, String where, JavaClass used) {
    String usedPackage = used.getPackageName();
    if (usedPackage.startsWith(ROOT) && !EXPORTED.contains(usedPackage)) {
      leaks.add(where + " names " + used.getName());
    }
  }

  private static boolean isVisible(JavaClass type) {
    return type.getModifiers().contains(JavaModifier.PUBLIC)
        && type.getEnclosingClass().map(ArchitectureTest::isVisible).orElse(true);
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }
}
