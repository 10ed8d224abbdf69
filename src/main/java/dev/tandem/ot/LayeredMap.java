package dev.tandem.ot;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A JSON object of a json0 snapshot with many keys. It is stored as a base map that is never
 * changed and a small layer of the changes made since, so a changed version shares the base with
 * the version it came from.
 *
 * <p>The layer contains the new values of base keys, which keep their place, the base keys removed,
 * and the keys added, in the order they were added. That is the order a {@link LinkedHashMap}
 * would have after the same puts and removes, and iteration follows it. {@link #copy()} copies
 * only the layer, and merges layer and base into a new base once the layer has grown to about the
 * square root of the size. An op on one key of an object of n keys therefore copies about
 * sqrt(n) entries on average instead of n.
 *
 * <p>The map is unmodifiable through {@link Map}. Only {@link Json0Apply} changes one, through
 * {@link #putValue} and {@link #removeKey}, and only a copy that it made during the same apply.
 */
final class LayeredMap extends AbstractMap<String, Object> {

    /** Objects with fewer keys than this are copied whole, which costs less than a layer. */
    static final int MIN_KEYS = 64;

    private static final Object REMOVED = new Object();

    private final Map<String, Object> base;
    /** New values of base keys, or {@link #REMOVED}. */
    private final HashMap<String, Object> changed;
    /** Keys not in the base, or removed from it and added again, in the order they were added. */
    private final LinkedHashMap<String, Object> added;
    private int removedCount;

    private LayeredMap(Map<String, Object> base, HashMap<String, Object> changed, LinkedHashMap<String, Object> added,
            int removedCount) {
        this.base = base;
        this.changed = changed;
        this.added = added;
        this.removedCount = removedCount;
    }

    /**
     * Returns a writable copy of a snapshot's object: a copy of its layer when it is a layered map,
     * a layer over it when it is large, or a {@link LinkedHashMap} copy when it is small.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> writableCopy(Map<?, ?> map) {
        if (map instanceof LayeredMap layered) {
            return layered.copy();
        }
        if (map.size() < MIN_KEYS) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        return new LayeredMap((Map<String, Object>) map, new HashMap<>(), new LinkedHashMap<>(), 0);
    }

    /** Returns a copy that shares the base, or a map with a new base when the layer has grown large. */
    LayeredMap copy() {
        int layer = changed.size() + added.size();
        if ((long) layer * layer > size()) {
            LinkedHashMap<String, Object> merged = new LinkedHashMap<>(Math.max(16, size() * 4 / 3 + 1));
            for (Map.Entry<String, Object> entry : entrySet()) {
                merged.put(entry.getKey(), entry.getValue());
            }
            return new LayeredMap(merged, new HashMap<>(), new LinkedHashMap<>(), 0);
        }
        return new LayeredMap(base, new HashMap<>(changed), new LinkedHashMap<>(added), removedCount);
    }

    /** Sets {@code key} to {@code value}: in place for a key that is present, at the end otherwise. */
    void putValue(String key, Object value) {
        if (added.containsKey(key)) {
            added.put(key, value);
        } else if (base.containsKey(key) && changed.get(key) != REMOVED) {
            changed.put(key, value);
        } else {
            added.put(key, value);
        }
    }

    /** Removes {@code key}, which must be present. */
    void removeKey(String key) {
        if (added.containsKey(key)) {
            added.remove(key);
        } else {
            changed.put(key, REMOVED);
            removedCount++;
        }
    }

    @Override
    public boolean containsKey(Object key) {
        if (added.containsKey(key)) {
            return true;
        }
        Object change = changed.get(key);
        if (change != null) {
            return change != REMOVED;
        }
        return changed.containsKey(key) || base.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        if (added.containsKey(key)) {
            return added.get(key);
        }
        if (changed.containsKey(key)) {
            Object change = changed.get(key);
            return change == REMOVED ? null : change;
        }
        return base.get(key);
    }

    @Override
    public int size() {
        return base.size() - removedCount + added.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return LayeredMap.this.size();
            }
        };
    }

    /** The base's entries with their changes applied and the removed ones skipped, then the added ones. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private final Iterator<Map.Entry<String, Object>> fromBase = base.entrySet().iterator();
        private final Iterator<Map.Entry<String, Object>> fromAdded = added.entrySet().iterator();
        private Entry<String, Object> next = advance();

        private Entry<String, Object> advance() {
            while (fromBase.hasNext()) {
                Map.Entry<String, Object> entry = fromBase.next();
                if (!changed.containsKey(entry.getKey())) {
                    return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
                }
                Object change = changed.get(entry.getKey());
                if (change != REMOVED) {
                    return new SimpleImmutableEntry<>(entry.getKey(), change);
                }
            }
            if (fromAdded.hasNext()) {
                Map.Entry<String, Object> entry = fromAdded.next();
                return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Entry<String, Object> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Entry<String, Object> current = next;
            next = advance();
            return current;
        }
    }
}
