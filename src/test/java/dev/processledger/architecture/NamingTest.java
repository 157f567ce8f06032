package dev.processledger.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One name per idea: no two packages with the same name, and one spelling of organization. */
class NamingTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/processledger");

    @Test
    void noTwoPackagesShareAName() throws IOException {
        try (Stream<Path> paths = Files.walk(SOURCES)) {
            Map<String, List<String>> byName = paths.filter(Files::isDirectory)
                    .filter(directory -> !directory.equals(SOURCES))
                    .collect(Collectors.groupingBy(
                            directory -> directory.getFileName().toString(),
                            Collectors.mapping(
                                    directory -> SOURCES.relativize(directory).toString(), Collectors.toList())));
            assertThat(byName)
                    .allSatisfy((name, packages) ->
                            assertThat(packages).as("packages named %s", name).hasSize(1));
        }
    }

    /** Applied Flyway migrations keep their text: their checksums are part of every store. */
    @Test
    void organizationIsSpelledOneWay() throws IOException {
        List<Path> roots = List.of(Path.of("src"), Path.of("docs"), Path.of("bench"), Path.of("README.md"));
        List<String> found;
        try (Stream<Path> paths = roots.stream().flatMap(NamingTest::files)) {
            found = paths.filter(file -> !file.startsWith(Path.of("src/main/resources/db/migration")))
                    .filter(NamingTest::mentionsTheOtherSpelling)
                    .map(Path::toString)
                    .toList();
        }
        assertThat(found).as("files with the spelling that has an s").isEmpty();
    }

    private static Stream<Path> files(Path root) {
        try {
            return Files.walk(root).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean mentionsTheOtherSpelling(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT)
                    .contains("organi" + "sation");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
