package io.tandem.capture.internal.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Which chunk each row of a file goes to so that all rows of one person meet in one chunk. A person (rows joined by a
 * shared email address or mobile number, across the whole file) belongs to the chunk of its first row; its later rows
 * in later chunks move there. Then no two chunks running side by side wait for each other's identities, and no row
 * updates a lead that an earlier chunk of the same import has just written: each person is written once, its rows
 * merged in file order as before.
 * <p>
 * The chunks are a pure function of the file, so an interrupted import resumes with the same chunks. Only the moved
 * rows are kept in memory; the others stream from the file as before. The keys here only approximate the lead
 * module's identities (lower-case email, the digits of a phone number): a key missed only means a person's rows go
 * through the usual merge of the identity table, a key too many only puts two people in one chunk.
 */
final class PersonChunks {

    private final int chunkSize;
    /** For each row: the first row of its person. */
    private final int[] first;
    private final int rows;
    private final Map<Integer, List<Moved>> movedByChunk;

    record Moved(int index, SheetRow row) {
    }

    private PersonChunks(int chunkSize, int[] first, int rows, Map<Integer, List<Moved>> movedByChunk) {
        this.chunkSize = chunkSize;
        this.first = first;
        this.rows = rows;
        this.movedByChunk = movedByChunk;
    }

    /** Whether the row at this position (0-based, in file order) is imported with an earlier chunk. */
    boolean movesAway(int index) {
        return index < rows && first[index] / chunkSize != index / chunkSize;
    }

    /** The rows of later chunks that belong to people of this chunk, in file order. */
    List<Moved> movedInto(int chunkNo) {
        return movedByChunk.getOrDefault(chunkNo, List.of());
    }

    /**
     * Reads the file once for its keys; rows that turn out to belong to an earlier chunk are kept. Only when people
     * join late (a row carrying keys of two people seen before) does a second read fetch the rows that moved.
     */
    static PersonChunks plan(Reader reader, List<Integer> keyColumns, int chunkSize) {
        UnionFind people = new UnionFind();
        LongIntMap firstByKey = new LongIntMap();
        Map<Integer, SheetRow> kept = new HashMap<>();
        int index = 0;
        // Parsing the file is the larger half of the work; it runs on a thread of its own while this one joins keys.
        for (Iterator<SheetRow> it = readAhead(reader.open()); it.hasNext(); index++) {
            SheetRow row = it.next();
            people.add();
            for (int column : keyColumns) {
                long key = keyOf(column, row.cells());
                if (key != 0) {
                    int other = firstByKey.putIfAbsent(key, index);
                    if (other >= 0) {
                        people.union(index, other);
                    }
                }
            }
            // A root only ever moves to an earlier row, so a row that already belongs to an earlier chunk stays there.
            if (people.find(index) / chunkSize != index / chunkSize) {
                kept.put(index, row);
            }
        }
        int rows = index;
        int[] first = new int[rows];
        BitSet missing = new BitSet();
        for (int i = 0; i < rows; i++) {
            first[i] = people.find(i);
            if (first[i] / chunkSize != i / chunkSize && !kept.containsKey(i)) {
                missing.set(i);
            }
        }
        if (!missing.isEmpty()) {
            index = 0;
            for (Iterator<SheetRow> it = reader.open(); it.hasNext() && index < rows; index++) {
                SheetRow row = it.next();
                if (missing.get(index)) {
                    kept.put(index, row);
                }
            }
        }
        Map<Integer, List<Moved>> movedByChunk = new HashMap<>();
        kept.keySet().stream().sorted().forEach(i -> {
            if (first[i] / chunkSize != i / chunkSize) {
                movedByChunk.computeIfAbsent(first[i] / chunkSize, c -> new ArrayList<>())
                        .add(new Moved(i, kept.get(i)));
            }
        });
        return new PersonChunks(chunkSize, first, rows, movedByChunk);
    }

    private static final int BLOCK = 1024;
    /** Put after the last block of rows. */
    private static final Object END = new Object();

    /**
     * The rows of the iterator, read on another thread in blocks. A row that cannot be read fails here, in the
     * caller's thread, where it would have failed without the thread.
     */
    static Iterator<SheetRow> readAhead(Iterator<SheetRow> rows) {
        BlockingQueue<Object> blocks = new ArrayBlockingQueue<>(16);
        Thread reader = new Thread(() -> {
            List<SheetRow> block = new ArrayList<>(BLOCK);
            try {
                try {
                    while (rows.hasNext()) {
                        block.add(rows.next());
                        if (block.size() == BLOCK) {
                            blocks.put(block);
                            block = new ArrayList<>(BLOCK);
                        }
                    }
                    blocks.put(block);
                    blocks.put(END);
                } catch (RuntimeException | Error e) {
                    blocks.put(block);
                    blocks.put(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "import-plan-reader");
        reader.setDaemon(true);
        reader.start();
        return new Iterator<>() {
            private Iterator<SheetRow> current = java.util.Collections.emptyIterator();
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !ended) {
                    Object next;
                    try {
                        next = blocks.take();
                    } catch (InterruptedException e) {
                        reader.interrupt();
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading the file", e);
                    }
                    if (next == END) {
                        ended = true;
                    } else if (next instanceof RuntimeException e) {
                        ended = true;
                        throw e;
                    } else if (next instanceof Error e) {
                        ended = true;
                        throw e;
                    } else {
                        @SuppressWarnings("unchecked")
                        List<SheetRow> block = (List<SheetRow>) next;
                        current = block.iterator();
                    }
                }
                return current.hasNext();
            }

            @Override
            public SheetRow next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Opens the file's rows from the start, for each read. */
    interface Reader {
        Iterator<SheetRow> open();
    }

    /** A 64-bit hash of the column's value as an identity (an email address or a phone number), 0 for none. */
    static long keyOf(int column, List<String> cells) {
        if (column >= cells.size()) {
            return 0;
        }
        String value = cells.get(column).strip();
        if (value.isEmpty()) {
            return 0;
        }
        String key;
        if (value.indexOf('@') >= 0) {
            key = "e:" + value.toLowerCase(Locale.ROOT);
        } else {
            StringBuilder digits = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                }
            }
            if (digits.length() < 5) {
                return 0;
            }
            // +86 139…, 0086 139…, 139… are one number; so are the trunk-prefixed forms of other countries.
            int start = 0;
            while (start < digits.length() && digits.charAt(start) == '0') {
                start++;
            }
            if (digits.length() - start > 11 && digits.charAt(start) == '8' && digits.charAt(start + 1) == '6') {
                start += 2;
            }
            key = "p:" + digits.substring(start);
        }
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }

    /** Union-find over row positions; the root of a set is its earliest row. */
    private static final class UnionFind {
        private int[] parent = new int[1024];
        private int size;

        void add() {
            if (size == parent.length) {
                parent = Arrays.copyOf(parent, size * 2);
            }
            parent[size] = size;
            size++;
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int rootA = find(a);
            int rootB = find(b);
            if (rootA != rootB) {
                parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
            }
        }
    }

    /** Open addressing from non-zero 64-bit keys to row positions: a million keys in ~25 MB, not ~200 MB of strings. */
    private static final class LongIntMap {
        private long[] keys = new long[1 << 16];
        private int[] values = new int[1 << 16];
        private int size;

        /** @return the value already there, or -1 after putting this one */
        int putIfAbsent(long key, int value) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int slot = (int) (mix(key) & mask);
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
            size++;
            return -1;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    putIfAbsent(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static long mix(long key) {
            key ^= key >>> 33;
            key *= 0xff51afd7ed558ccdL;
            key ^= key >>> 33;
            return key;
        }
    }
}
