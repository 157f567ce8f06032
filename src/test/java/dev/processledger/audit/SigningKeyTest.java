package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest key: generated once and reloaded, read from OpenSSL's PEM, and its signatures verify with OpenSSL. */
class SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsWrittenOnceAndReadBack() throws Exception {
        Path file = dir.resolve("keys/audit-signing-key.pem");

        SigningKey first = SigningKey.loadOrCreate(file);
        SigningKey again = SigningKey.loadOrCreate(file);

        assertThat(again.keyId()).isEqualTo(first.keyId()).hasSize(16);
        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        byte[] message = "digest".getBytes(StandardCharsets.UTF_8);
        assertThat(SigningKey.verify(first.publicKey(), message, again.sign(message)))
                .isTrue();
    }

    @Test
    void aKeyMadeByOpenSslSignsWhatOpenSslVerifies() throws Exception {
        Path privateKey = dir.resolve("private.pem");
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", privateKey.toString());
        SigningKey key = SigningKey.fromPem(Files.readString(privateKey));
        Path publicKey = dir.resolve("public.pem");
        Files.writeString(publicKey, key.publicKeyPem());
        Path message = dir.resolve("message");
        Files.writeString(message, "{\"root\":\"abc\"}");
        Path signature = dir.resolve("signature");
        Files.write(signature, key.sign(Files.readAllBytes(message)));
        Path opensslPublic = dir.resolve("openssl-public.pem");
        run("openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", opensslPublic.toString());

        assertThat(Files.readString(opensslPublic))
                .as("the public key OpenSSL derives")
                .isEqualTo(key.publicKeyPem());
        assertThat(run(
                        "openssl",
                        "pkeyutl",
                        "-verify",
                        "-pubin",
                        "-inkey",
                        publicKey.toString(),
                        "-rawin",
                        "-in",
                        message.toString(),
                        "-sigfile",
                        signature.toString()))
                .isZero();
        Files.writeString(message, "{\"root\":\"abd\"}");
        assertThat(run(
                        "openssl",
                        "pkeyutl",
                        "-verify",
                        "-pubin",
                        "-inkey",
                        publicKey.toString(),
                        "-rawin",
                        "-in",
                        message.toString(),
                        "-sigfile",
                        signature.toString()))
                .as("a changed message")
                .isNotZero();
    }

    @Test
    void somethingElseIsNotAKey() {
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
