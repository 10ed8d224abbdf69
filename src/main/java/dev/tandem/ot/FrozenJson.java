package dev.tandem.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deeply unmodifiable JSON values, so that rich-text results can share parts of their inputs
 * without copying them on every apply.
 *
 * <p>A frozen map or list can carry a cache slot: the parsed form of the value, which the parser
 * reuses when the same frozen value comes back as an input. The slot is never part of the JSON
 * value and is ignored by {@code equals}.
 */
final class FrozenJson {

    private FrozenJson() {
    }

    /** An unmodifiable JSON object whose values are frozen. */
    static final class FrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> view;
        /** Parsed form of this value, set by the parser. A racing write stores an equal parse, so it is harmless. */
        Object parsed;

        private FrozenMap(LinkedHashMap<String, Object> entries) {
            this.view = Collections.unmodifiableMap(entries);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return view.entrySet();
        }

        @Override
        public Object get(Object key) {
            return view.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return view.containsKey(key);
        }

        @Override
        public int size() {
            return view.size();
        }
    }

    /** An unmodifiable JSON array whose items are frozen. */
    static final class FrozenList extends AbstractList<Object> {
        private final Object[] items;
        /** Parsed form of this value, set by the parser. */
        Object parsed;

        private FrozenList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    /**
     * Returns {@code value} as a frozen JSON value: itself when it is already frozen or a scalar,
     * otherwise a deep copy.
     *
     * @throws OtException when the value is not JSON (a map with non-string keys, or another class)
     */
    static Object freeze(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Short || value instanceof Byte || value instanceof Float
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap(map);
        }
        if (value instanceof List<?> list) {
            Object[] items = new Object[list.size()];
            int i = 0;
            for (Object item : list) {
                items[i++] = freeze(item);
            }
            return new FrozenList(items);
        }
        throw OtException.badlyFormed("value of class " + value.getClass().getName() + " is not a JSON value");
    }

    static FrozenMap freezeMap(Map<?, ?> map) {
        if (map instanceof FrozenMap frozen) {
            return frozen;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw OtException.badlyFormed("JSON object key " + entry.getKey() + " is not a string");
            }
            copy.put(key, freeze(entry.getValue()));
        }
        return new FrozenMap(copy);
    }

    /** Wraps entries whose values are already frozen, without copying them again. */
    static FrozenMap ownMap(LinkedHashMap<String, Object> frozenEntries) {
        return new FrozenMap(frozenEntries);
    }

    /** Wraps items that are already frozen, without copying them again. */
    static FrozenList ownList(Object[] frozenItems) {
        return new FrozenList(frozenItems);
    }
}
