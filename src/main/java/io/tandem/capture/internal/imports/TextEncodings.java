package io.tandem.capture.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which encoding a text file from a spreadsheet program uses. Excel on Chinese Windows saves CSV in GBK (read here as
 * its superset GB18030), elsewhere in UTF-8, often with a byte-order mark.
 */
final class TextEncodings {

    static final Charset GB18030 = Charset.forName("GB18030");
    private static final byte[] UTF8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private TextEncodings() {
    }

    record Detected(Charset charset, int bomLength) {
    }

    static Detected detect(Path file) throws IOException {
        Detected marked = byteOrderMark(file);
        if (marked != null) {
            return marked;
        }
        return new Detected(isValid(file, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : GB18030, 0);
    }

    /** The encoding its byte-order mark names, from the file's first bytes only; {@code null} without a mark. */
    static Detected byteOrderMark(Path file) throws IOException {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, 4);
        }
        if (read >= 3 && head[0] == UTF8_BOM[0] && head[1] == UTF8_BOM[1] && head[2] == UTF8_BOM[2]) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        if (read >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (read >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        return null;
    }

    /** Decodes the whole file strictly; a single malformed sequence means it is not in this encoding. */
    static boolean isValid(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = stream.read(chunk, 0, Math.min(chunk.length, in.remaining()))) > 0) {
                in.put(chunk, 0, n);
                in.flip();
                if (decoder.decode(in, out, false).isError()) {
                    return false;
                }
                out.clear();
                in.compact();
            }
            in.flip();
            if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
                return false;
            }
            return !in.hasRemaining();
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A text file has no NUL bytes in its first block; a binary file almost always has. */
    static boolean looksBinary(Path file) throws IOException {
        byte[] head = new byte[8192];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        boolean utf16 = read >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
                || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF);
        if (utf16) {
            return false;
        }
        for (int i = 0; i < read; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
