package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ssi.scoring.score.service.ScoringService;

/**
 * One way to the database, the Vert.x reactive pool: no class of the service refers to Hibernate, Panache, JDBC or
 * Agroal (JDBC's pool), and the build brings in no ORM. JDBC is in the pom only for Flyway's migrations at start.
 */
class OneDataAccessPathTest {

    /** Packages of the other ways, as the class files name them. */
    private static final List<String> OTHER_WAYS =
            List.of("org/hibernate/", "io/quarkus/hibernate/", "javax/sql/", "java/sql/", "io/agroal/");

    @Test
    void no_class_of_the_service_refers_to_hibernate_jdbc_or_agroal() throws Exception {
        Path classes = Paths.get(ScoringService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(files.size() > 50, "classes found under " + classes + ": " + files.size());
        List<String> references = new ArrayList<>();
        for (Path file : files) {
            for (String constant : utf8Constants(Files.readAllBytes(file))) {
                if (OTHER_WAYS.stream().anyMatch(constant::contains)) {
                    references.add(classes.relativize(file) + " -> " + constant);
                }
            }
        }
        assertEquals(List.of(), references);
    }

    @Test
    void no_source_of_the_service_imports_hibernate_jdbc_or_agroal() throws IOException {
        Path sources = Paths.get("src/main/java");
        List<String> imports = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String dotted = line.replace('.', '/');
                    if (line.startsWith("import ") && OTHER_WAYS.stream().anyMatch(dotted::contains)) {
                        imports.add(sources.relativize(file) + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), imports);
    }

    @Test
    void the_build_declares_no_hibernate_and_the_configuration_sets_none() throws IOException {
        String pom = Files.readString(Paths.get("pom.xml"));
        assertFalse(pom.contains("hibernate-reactive-panache"), "the pom declares hibernate-reactive-panache");
        assertFalse(pom.contains("hibernate"), "the pom declares a Hibernate artifact");
        String properties = Files.readString(Paths.get("src/main/resources/application.properties"));
        assertFalse(properties.contains("quarkus.hibernate"), "application.properties configures Hibernate");
    }

    /** The strings of a class file's constant pool: the names of every class, method and field it refers to. */
    private static TreeSet<String> utf8Constants(byte[] classFile) throws IOException {
        TreeSet<String> constants = new TreeSet<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt(); // magic
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> constants.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    index++; // a long or a double takes two entries
                }
                default -> throw new IOException("Unknown constant pool tag " + tag);
            }
        }
        return constants;
    }
}
