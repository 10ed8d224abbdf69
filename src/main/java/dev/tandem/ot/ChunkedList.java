package dev.tandem.ot;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * A JSON array of a json0 snapshot, stored in chunks so that a changed version shares the unchanged
 * chunks with the version it came from.
 *
 * <p>Items live in arrays of at most {@link #MAX_CHUNK} items, and a directory lists the chunks in
 * order with the running item count at the end of each. {@link #copy()} shares both, and the copy
 * copies the directory on its first change. A change then replaces one chunk: an insert or delete
 * builds a new array, and a replace copies the chunk once, on its first write. A json0 apply that
 * edits one item of a list of n items therefore copies one chunk and the directory, which has
 * n / 64 slots for a list built from n items, instead of n references. Chunks split but never
 * merge, and an emptied chunk leaves the directory, so the directory never has more slots than the
 * list has items.
 *
 * <p>The list is unmodifiable through {@link List}: its {@code set}, {@code add} and {@code remove}
 * throw {@link UnsupportedOperationException}. Only {@link Json0Apply} changes a list, through the
 * package-private methods below, and only a copy that it made during the same apply. Once that apply
 * returns, the list never changes, so any holder of a snapshot may keep it without a copy.
 */
final class ChunkedList extends AbstractList<Object> implements RandomAccess {

    /** Maximum number of items in a chunk. An insert into a full chunk splits it in two halves. */
    static final int MAX_CHUNK = 128;

    // A copy shares the directory arrays of its source too, and copies each one on its first write
    // to it: a replace copies chunks and allocates ownsChunk, an insert or delete also copies ends.
    private Object[][] chunks;
    /** {@code ends[k]} is the number of items in chunks 0 to k. */
    private int[] ends;
    /**
     * Whether chunk k was allocated by this list, so that a replace may write into it. Null until
     * the first write.
     */
    private boolean[] ownsChunk;
    private int chunkCount;
    private boolean ownsChunks;
    private boolean ownsEnds;

    private ChunkedList(Object[][] chunks, int[] ends, int chunkCount, boolean ownsArrays) {
        this.chunks = chunks;
        this.ends = ends;
        this.chunkCount = chunkCount;
        this.ownsChunks = ownsArrays;
        this.ownsEnds = ownsArrays;
        this.ownsChunk = ownsArrays ? new boolean[chunks.length] : null;
    }

    /** Returns a list with the items of {@code items}, in chunks half full, so that inserts seldom split. */
    static ChunkedList of(List<?> items) {
        int chunkLength = MAX_CHUNK / 2;
        int count = (items.size() + chunkLength - 1) / chunkLength;
        Object[][] chunks = new Object[count][];
        int[] ends = new int[count];
        Object[] all = items.toArray();
        for (int k = 0; k < count; k++) {
            int from = k * chunkLength;
            int to = Math.min(all.length, from + chunkLength);
            chunks[k] = Arrays.copyOfRange(all, from, to);
            ends[k] = to;
        }
        return new ChunkedList(chunks, ends, count, true);
    }

    /**
     * Replaces, in place, every list inside {@code value} that is longer than one chunk by a
     * {@code ChunkedList}, and returns the value, or the new list when the value itself is one. The
     * caller must own every container in {@code value}, such as a fresh deep copy.
     */
    @SuppressWarnings("unchecked")
    static Object chunkLongLists(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                entry.setValue(chunkLongLists(entry.getValue()));
            }
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                items.set(i, chunkLongLists(items.get(i)));
            }
            return items.size() > MAX_CHUNK ? of(items) : items;
        }
        return value;
    }

    /** Returns a list with the same items that shares the chunks and the directory until it changes. */
    ChunkedList copy() {
        return new ChunkedList(chunks, ends, chunkCount, false);
    }

    @Override
    public int size() {
        return chunkCount == 0 ? 0 : ends[chunkCount - 1];
    }

    @Override
    public Object get(int index) {
        int k = chunkOf(index);
        return chunks[k][index - start(k)];
    }

    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            private int chunk;
            private int offset;

            @Override
            public boolean hasNext() {
                return chunk < chunkCount;
            }

            @Override
            public Object next() {
                if (chunk >= chunkCount) {
                    throw new NoSuchElementException();
                }
                Object item = chunks[chunk][offset++];
                if (offset == chunks[chunk].length) {
                    chunk++;
                    offset = 0;
                }
                return item;
            }
        };
    }

    /** Replaces the item at {@code index}. Only for a list that the caller made with {@link #copy()}. */
    void replace(int index, Object item) {
        int k = chunkOf(index);
        ownDirectory(false);
        if (!ownsChunk[k]) {
            chunks[k] = chunks[k].clone();
            ownsChunk[k] = true;
        }
        chunks[k][index - start(k)] = item;
    }

    /** Inserts {@code item} before {@code index}, which is at most {@code size()}. Only for an owned copy. */
    void insert(int index, Object item) {
        ownDirectory(true);
        if (chunkCount == 0) {
            insertChunk(0, new Object[] {item}, 1);
            return;
        }
        int k = index == size() ? chunkCount - 1 : chunkOf(index);
        Object[] old = chunks[k];
        int offset = index - start(k);
        Object[] grown = new Object[old.length + 1];
        System.arraycopy(old, 0, grown, 0, offset);
        grown[offset] = item;
        System.arraycopy(old, offset, grown, offset + 1, old.length - offset);
        if (grown.length <= MAX_CHUNK) {
            setChunk(k, grown);
            shiftEnds(k, 1);
            return;
        }
        int half = grown.length / 2;
        int end = ends[k] + 1;
        setChunk(k, Arrays.copyOfRange(grown, 0, half));
        ends[k] = end - (grown.length - half);
        insertChunk(k + 1, Arrays.copyOfRange(grown, half, grown.length), end);
        shiftEnds(k + 2, 1);
    }

    /** Removes and returns the item at {@code index}. Only for an owned copy. */
    Object delete(int index) {
        int k = chunkOf(index);
        ownDirectory(true);
        Object[] old = chunks[k];
        int offset = index - start(k);
        Object item = old[offset];
        if (old.length == 1) {
            removeChunk(k);
            shiftEnds(k, -1);
            return item;
        }
        Object[] shrunk = new Object[old.length - 1];
        System.arraycopy(old, 0, shrunk, 0, offset);
        System.arraycopy(old, offset + 1, shrunk, offset, old.length - offset - 1);
        setChunk(k, shrunk);
        shiftEnds(k, -1);
        return item;
    }

    /** Returns the chunk that contains {@code index}, by binary search of the running counts. */
    private int chunkOf(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for a list of " + size() + " items");
        }
        int low = 0;
        int high = chunkCount - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] > index) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Copies the directory arrays shared with the source of this copy, {@code ends} only when asked. */
    private void ownDirectory(boolean withEnds) {
        if (!ownsChunks) {
            chunks = Arrays.copyOf(chunks, chunkCount + 4);
            ownsChunk = new boolean[chunks.length];
            ownsChunks = true;
        }
        if (withEnds && !ownsEnds) {
            ends = Arrays.copyOf(ends, chunks.length);
            ownsEnds = true;
        }
    }

    private int start(int k) {
        return k == 0 ? 0 : ends[k - 1];
    }

    private void setChunk(int k, Object[] chunk) {
        chunks[k] = chunk;
        ownsChunk[k] = true;
    }

    private void shiftEnds(int from, int delta) {
        for (int k = from; k < chunkCount; k++) {
            ends[k] += delta;
        }
    }

    /** Opens slot {@code k} of the directory for {@code chunk}, whose running count is {@code end}. */
    private void insertChunk(int k, Object[] chunk, int end) {
        if (chunkCount == chunks.length) {
            int capacity = Math.max(4, chunkCount * 2);
            chunks = Arrays.copyOf(chunks, capacity);
            ends = Arrays.copyOf(ends, capacity);
            ownsChunk = Arrays.copyOf(ownsChunk, capacity);
        }
        System.arraycopy(chunks, k, chunks, k + 1, chunkCount - k);
        System.arraycopy(ends, k, ends, k + 1, chunkCount - k);
        System.arraycopy(ownsChunk, k, ownsChunk, k + 1, chunkCount - k);
        chunks[k] = chunk;
        ends[k] = end;
        ownsChunk[k] = true;
        chunkCount++;
    }

    private void removeChunk(int k) {
        System.arraycopy(chunks, k + 1, chunks, k, chunkCount - k - 1);
        System.arraycopy(ends, k + 1, ends, k, chunkCount - k - 1);
        System.arraycopy(ownsChunk, k + 1, ownsChunk, k, chunkCount - k - 1);
        chunkCount--;
        chunks[chunkCount] = null;
    }
}
