package dev.tandem.ot;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Applies parsed json0 components to a snapshot by copy on write: each list or object on the path
 * of a component is copied once before it changes, and everything else is shared with the input.
 * The input is never changed, so a rejected op leaves no trace and every earlier snapshot keeps its
 * value. Lists are copied as {@link ChunkedList}, whose copy shares every chunk but the one an edit
 * changes. An op on one item of a long list therefore copies the list's directory of chunks and one
 * chunk, about 1/64 of the references that a copy of the whole list would take. Objects of many
 * keys are copied as {@link LayeredMap}, whose copy shares the base and copies only the changes
 * made since, about the square root of the keys on average.
 */
final class Json0Apply {

    private final Json0Subtypes subtypes;

    Json0Apply(Json0Subtypes subtypes) {
        this.subtypes = subtypes;
    }

    Object apply(Object snapshot, List<Json0Component> op) {
        Writable writable = new Writable();
        Object root = snapshot;
        for (int i = 0; i < op.size(); i++) {
            root = applyComponent(writable, root, op.get(i), i);
        }
        return root;
    }

    /**
     * The lists and maps copied during one apply, which it may change in place. Every list in it is a
     * {@link ChunkedList}.
     */
    private static final class Writable {
        /** Capacity of the array scanned before the identity set, enough for the containers of most ops. */
        private static final int FEW = 8;

        // The first copies are found by a scan for identity. In a stack profile of an apply on one
        // item of a 10,000-item list, System.identityHashCode on each fresh copy took a fifth of
        // the samples.
        private final Object[] few = new Object[FEW];
        private int fewCount;
        private Set<Object> many;

        /** Returns {@code node} itself when it is owned or not a container, else an owned shallow copy. */
        Object of(Object node) {
            Object copy;
            if (node instanceof ChunkedList chunked) {
                if (owns(node)) {
                    return node;
                }
                copy = chunked.copy();
            } else if (node instanceof List<?> list) {
                copy = ChunkedList.of(list);
            } else if (node instanceof Map<?, ?> map) {
                if (owns(node)) {
                    return node;
                }
                copy = LayeredMap.writableCopy(map);
            } else {
                return node;
            }
            own(copy);
            return copy;
        }

        private boolean owns(Object node) {
            for (int i = 0; i < fewCount; i++) {
                if (few[i] == node) {
                    return true;
                }
            }
            return many != null && many.contains(node);
        }

        private void own(Object copy) {
            if (fewCount < FEW) {
                few[fewCount++] = copy;
                return;
            }
            if (many == null) {
                many = Collections.newSetFromMap(new IdentityHashMap<>());
            }
            many.add(copy);
        }

        /**
         * Makes the containers from the root down to {@code path[0, end)} writable and returns the new
         * root and the container at the end of the path, or throws when that path does not exist.
         */
        Object[] resolve(Object root, List<Object> path, int end, int index) {
            Object newRoot = of(root);
            Object node = newRoot;
            for (int k = 0; k < end; k++) {
                Object key = path.get(k);
                Object child = child(node, key, path.subList(0, k + 1), index);
                Object writableChild = of(child);
                if (writableChild != child) {
                    put(node, key, writableChild);
                }
                node = writableChild;
            }
            return new Object[] {newRoot, node};
        }
    }

    /** Sets {@code key} of a container that the current apply owns. */
    @SuppressWarnings("unchecked")
    private static void put(Object container, Object key, Object value) {
        if (container instanceof ChunkedList list) {
            list.replace((Integer) key, value);
        } else {
            putKey((Map<String, Object>) container, (String) key, value);
        }
    }

    /** Sets {@code key} of an object that the current apply owns. */
    private static void putKey(Map<String, Object> map, String key, Object value) {
        if (map instanceof LayeredMap layered) {
            layered.putValue(key, value);
        } else {
            map.put(key, value);
        }
    }

    /** Removes {@code key}, which is present, from an object that the current apply owns. */
    private static void removeKey(Map<String, Object> map, String key) {
        if (map instanceof LayeredMap layered) {
            layered.removeKey(key);
        } else {
            map.remove(key);
        }
    }

    private Object applyComponent(Writable writable, Object root, Json0Component c, int index) {
        List<Object> path = c.path;
        int size = path.size();
        if (c.subtype != null) {
            OtType type = subtypes.resolve(c.subtype, index);
            return replaceAt(writable, root, path, size, index, value -> type.apply(value, c.subOp));
        }
        if (c.na != null) {
            return replaceAt(writable, root, path, size, index, value -> {
                if (!(value instanceof Number number)) {
                    throw OtException.notApplicable(prefix(index, path) + "na needs a number there, found "
                            + JsonValues.describe(value));
                }
                Number sum = JsonValues.add(number, c.na);
                if (Double.isInfinite(sum.doubleValue())) {
                    throw OtException.notApplicable(prefix(index, path) + "na of " + c.na + " to " + number
                            + " leaves a number too large for JSON");
                }
                return sum;
            });
        }
        if (c.isString()) {
            return replaceAt(writable, root, path, size - 1, index, value -> editString(value, c, index));
        }
        if (c.isList()) {
            Object[] resolved = writable.resolve(root, path, size - 1, index);
            editList(resolved[1], c, index);
            return resolved[0];
        }
        if (size == 0) {
            checkMatches(root, c.od, index, path, "od");
            return c.oi;
        }
        Object[] resolved = writable.resolve(root, path, size - 1, index);
        editObject(resolved[1], c, index);
        return resolved[0];
    }

    /** Replaces the value at {@code path[0, end)} with {@code edit} of it and returns the new root. */
    private static Object replaceAt(Writable writable, Object root, List<Object> path, int end, int index,
            UnaryOperator<Object> edit) {
        if (end == 0) {
            return edit.apply(root);
        }
        Object[] resolved = writable.resolve(root, path, end - 1, index);
        Object parent = resolved[1];
        Object key = path.get(end - 1);
        Object value = child(parent, key, path, index);
        put(parent, key, edit.apply(value));
        return resolved[0];
    }

    private static Object child(Object node, Object key, List<Object> path, int index) {
        if (node instanceof List<?> list && key instanceof Integer position && position < list.size()) {
            return list.get(position);
        }
        if (node instanceof Map<?, ?> map && key instanceof String name && map.containsKey(name)) {
            return map.get(name);
        }
        throw OtException.notApplicable("component " + index + ": path " + path + " does not exist in the document");
    }

    private static String editString(Object value, Json0Component c, int index) {
        if (!(value instanceof String text)) {
            throw OtException.notApplicable(prefix(index, c.path) + "a string operation needs a string there, found "
                    + JsonValues.describe(value));
        }
        int offset = (Integer) c.last();
        if (offset > text.length()) {
            throw OtException.notApplicable(prefix(index, c.path) + "offset " + offset
                    + " is past the end of the string (length " + text.length() + " UTF-16 code units)");
        }
        checkBoundary(text, offset, c, index);
        if (c.si != null) {
            return text.substring(0, offset) + c.si + text.substring(offset);
        }
        if (!text.startsWith(c.sd, offset)) {
            throw OtException.notApplicable(prefix(index, c.path) + "sd text " + JsonValues.describe(c.sd)
                    + " does not match the document; the op was made for a different version of the document");
        }
        checkBoundary(text, offset + c.sd.length(), c, index);
        return text.substring(0, offset) + text.substring(offset + c.sd.length());
    }

    /** Rejects an offset between the two halves of a surrogate pair, which would split a character. */
    private static void checkBoundary(String text, int offset, Json0Component c, int index) {
        if (offset > 0 && offset < text.length()
                && Character.isHighSurrogate(text.charAt(offset - 1))
                && Character.isLowSurrogate(text.charAt(offset))) {
            throw OtException.notApplicable(prefix(index, c.path) + "offset " + offset
                    + " splits a surrogate pair; string offsets must fall between whole characters");
        }
    }

    private static void editList(Object container, Json0Component c, int index) {
        if (!(container instanceof ChunkedList list)) {
            throw OtException.notApplicable(prefix(index, c.path) + "a list operation needs a list there, found "
                    + JsonValues.describe(container));
        }
        int position = (Integer) c.last();
        if (c.lm != null) {
            if (position >= list.size() || c.lm >= list.size()) {
                throw OtException.notApplicable(prefix(index, c.path) + "lm from " + position + " to " + c.lm
                        + " is out of range for a list of " + list.size() + " items");
            }
            list.insert(c.lm, list.delete(position));
            return;
        }
        if (!Json0Component.has(c.ld)) {
            if (position > list.size()) {
                throw OtException.notApplicable(prefix(index, c.path) + "li index " + position
                        + " is past the end of a list of " + list.size() + " items");
            }
            list.insert(position, c.li);
            return;
        }
        if (position >= list.size()) {
            throw OtException.notApplicable(prefix(index, c.path) + "ld index " + position
                    + " is past the end of a list of " + list.size() + " items");
        }
        checkMatches(list.get(position), c.ld, index, c.path, "ld");
        if (Json0Component.has(c.li)) {
            list.replace(position, c.li);
        } else {
            list.delete(position);
        }
    }

    private static void editObject(Object container, Json0Component c, int index) {
        if (!(container instanceof Map<?, ?>)) {
            throw OtException.notApplicable(prefix(index, c.path) + "an object operation needs an object there, found "
                    + JsonValues.describe(container));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) container;
        String key = (String) c.last();
        if (Json0Component.has(c.od)) {
            if (!map.containsKey(key)) {
                throw OtException.notApplicable(prefix(index, c.path) + "od names the key " + JsonValues.describe(key)
                        + ", which does not exist");
            }
            checkMatches(map.get(key), c.od, index, c.path, "od");
        } else if (map.containsKey(key)) {
            throw OtException.notApplicable(prefix(index, c.path) + "oi would overwrite the existing key "
                    + JsonValues.describe(key) + "; a replace must also carry the old value as od");
        }
        if (Json0Component.has(c.oi)) {
            putKey(map, key, c.oi);
        } else {
            removeKey(map, key);
        }
    }

    private static void checkMatches(Object actual, Object expected, int index, List<Object> path, String field) {
        if (!JsonValues.deepEquals(actual, expected)) {
            throw OtException.notApplicable(prefix(index, path) + field + " " + JsonValues.describe(expected)
                    + " does not match the document value " + JsonValues.describe(actual)
                    + "; the op was made for a different version of the document");
        }
    }

    private static String prefix(int index, List<Object> path) {
        return "component " + index + " at " + path + ": ";
    }
}
