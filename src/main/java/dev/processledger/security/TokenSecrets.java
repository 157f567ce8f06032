package dev.processledger.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Making, recognising and hashing {@code htk_} tokens. Only the SHA-256 hash of a token is ever stored. */
public final class TokenSecrets {

    private static final Pattern FORMAT = Pattern.compile("htk_[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Characters of the plaintext kept for display ("htk_" plus four hex digits). */
    static final int PREFIX_LENGTH = 8;

    private TokenSecrets() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "htk_" + HexFormat.of().formatHex(bytes);
    }

    public static boolean wellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String prefix(String token) {
        return token.substring(0, PREFIX_LENGTH);
    }
}
