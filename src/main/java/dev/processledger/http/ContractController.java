package dev.processledger.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the contract: {@code docs/openapi.yaml}, packaged in the jar as it is, with {@code info.version} set to the
 * build's version. The YAML is the file's own text; the JSON is the same document. Nothing here is generated from
 * the code: the document is written first, and the API suites check the service against it.
 */
@RestController
class ContractController {

    static final String LOCATION = "contract/openapi.yaml";
    private static final Pattern INFO_VERSION = Pattern.compile("(?m)^  version: .*$");
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] yaml;
    private final byte[] json;

    ContractController(ObjectProvider<BuildProperties> build) throws IOException {
        String version = build.getIfAvailable() == null
                ? "unversioned"
                : build.getIfAvailable().getVersion();
        String text;
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher line = INFO_VERSION.matcher(text);
        if (!line.find()) {
            throw new IllegalStateException(LOCATION + " has no info.version line to set");
        }
        text = text.substring(0, line.start()) + "  version: '" + version + "'" + text.substring(line.end());
        ObjectNode document = (ObjectNode) new YAMLMapper().readTree(text);
        if (!version.equals(document.path("info").path("version").asText())) {
            throw new IllegalStateException(LOCATION + ": the first 'version' line is not info.version");
        }
        this.yaml = text.getBytes(StandardCharsets.UTF_8);
        this.json = new ObjectMapper().writeValueAsBytes(document);
    }

    @GetMapping("/v3/api-docs")
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    @GetMapping("/v3/api-docs.yaml")
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }
}
