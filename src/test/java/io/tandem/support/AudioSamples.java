package io.tandem.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tiny but real audio files, made in code so no binary sits in the repository. */
public final class AudioSamples {

    private AudioSamples() {
    }

    /** A tenth of a second of 8 kHz mono 16-bit PCM silence as a RIFF/WAVE file. */
    public static byte[] wav() {
        int samples = 800;
        int dataSize = samples * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes()).putInt(36 + dataSize).put("WAVE".getBytes());
        buffer.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
                .putInt(16000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes()).putInt(dataSize);
        return buffer.array();
    }

    /** An AMR-NB file as phones record calls: the magic header and a few silent frames. */
    public static byte[] amr() {
        byte[] header = "#!AMR\n".getBytes();
        byte[] bytes = new byte[header.length + 10];
        System.arraycopy(header, 0, bytes, 0, header.length);
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = 0x7C;
        }
        return bytes;
    }
}
