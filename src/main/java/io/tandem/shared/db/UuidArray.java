package io.tandem.shared.db;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * A {@code uuid[]} parameter in PostgreSQL's binary array format: sixteen bytes per UUID. The driver sends a
 * {@code UUID[]} as text, which costs a {@code toString}, quoting and encoding per UUID on this side and a parse of
 * 36 hexadecimal characters on the server's, for every id of every batch.
 * <p>
 * Binary needs {@code binaryTransferEnable=UUID_ARRAY} among the driver's properties (application.yml sets it for
 * both the embedded and an external database); without it the driver sends {@link #getValue()}, the same array as
 * text.
 */
public final class UuidArray extends PGobject implements PGBinaryObject {

    private static final int UUID_OID = 2950;
    /** Dimensions, flags, element type, then length and lower bound of the one dimension. */
    private static final int HEADER = 20;
    private static final int EMPTY = 12;

    private final UUID[] ids;
    private final boolean hasNull;

    UuidArray(UUID[] ids) {
        this.ids = ids;
        boolean nulls = false;
        for (UUID id : ids) {
            nulls |= id == null;
        }
        this.hasNull = nulls;
        setType("uuid[]");
    }

    @Override
    public int lengthInBytes() {
        if (ids.length == 0) {
            return EMPTY;
        }
        int length = HEADER;
        for (UUID id : ids) {
            length += id == null ? 4 : 20;
        }
        return length;
    }

    @Override
    public void toBytes(byte[] bytes, int offset) {
        ByteBuffer out = ByteBuffer.wrap(bytes, offset, lengthInBytes());
        out.putInt(ids.length == 0 ? 0 : 1).putInt(hasNull ? 1 : 0).putInt(UUID_OID);
        if (ids.length == 0) {
            return;
        }
        out.putInt(ids.length).putInt(1);
        for (UUID id : ids) {
            if (id == null) {
                out.putInt(-1);
            } else {
                out.putInt(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            }
        }
    }

    @Override
    public void setByteValue(byte[] value, int offset) {
        throw new UnsupportedOperationException("a parameter only, never read back");
    }

    @Override
    public String getValue() {
        StringBuilder text = new StringBuilder(ids.length * 37 + 2).append('{');
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(ids[i] == null ? "NULL" : ids[i].toString());
        }
        return text.append('}').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UuidArray array && java.util.Arrays.equals(ids, array.ids);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ids);
    }
}
