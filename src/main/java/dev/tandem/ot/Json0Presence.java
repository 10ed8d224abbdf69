package dev.tandem.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Moves a json0 presence value across an op; see {@link Json0Type#transformPresence} for the shape. */
final class Json0Presence {

    private List<Object> path;
    private Integer index;
    private Integer length;

    private Json0Presence() {
    }

    /** Returns the presence moved across {@code op}, or null when the value it points to is gone. */
    static Object transform(Object presence, List<Json0Component> op, boolean ownOp) {
        if (presence == null) {
            return null;
        }
        Json0Presence cursor = parse(presence);
        for (Json0Component c : op) {
            if (!cursor.moveAcross(c, ownOp)) {
                return null;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) presence).entrySet()) {
            result.put(String.valueOf(entry.getKey()), JsonValues.copy(entry.getValue(), "presence"));
        }
        result.put("p", cursor.path);
        if (cursor.index != null) {
            result.put("index", cursor.index);
            result.put("length", cursor.length);
        } else {
            result.remove("index");
            result.remove("length");
        }
        return result;
    }

    private static Json0Presence parse(Object presence) {
        if (!(presence instanceof Map<?, ?> map) || !(map.get("p") instanceof List<?> rawPath)) {
            throw OtException.badlyFormed("json0 presence must be an object with a path list p, got "
                    + JsonValues.describe(presence));
        }
        Json0Presence cursor = new Json0Presence();
        cursor.path = new ArrayList<>(rawPath.size());
        for (Object element : rawPath) {
            int position = JsonValues.toIndex(element);
            if (!(element instanceof String) && position < 0) {
                throw OtException.badlyFormed("json0 presence path element " + JsonValues.describe(element)
                        + " must be an object key or a non-negative integer index");
            }
            cursor.path.add(element instanceof String ? element : position);
        }
        if (map.containsKey("index") || map.containsKey("length")) {
            cursor.index = count(map, "index", false);
            cursor.length = count(map, "length", true);
        }
        return cursor;
    }

    private static int count(Map<?, ?> map, String key, boolean optional) {
        if (optional && !map.containsKey(key)) {
            return 0;
        }
        int value = JsonValues.toIndex(map.get(key));
        if (value < 0) {
            throw OtException.badlyFormed("json0 presence " + key + " must be a non-negative integer, got "
                    + JsonValues.describe(map.get(key)));
        }
        return value;
    }

    /** Moves this presence across one component; returns false when its target was deleted or replaced. */
    private boolean moveAcross(Json0Component c, boolean ownOp) {
        if (c.isString()) {
            moveRange(c, ownOp);
            return true;
        }
        if (c.subtype != null) {
            if (c.path.equals(path)) {
                // NOTE: subtype ops count in their own units (code points for text-unicode), which the
                // UTF-16 range cannot follow without the string, so the range is dropped.
                index = null;
                length = null;
            }
            return true;
        }
        if (c.na != null) {
            return true;
        }

        int depth = c.path.size() - 1;
        if (depth < 0) {
            // Only a whole-document replace acts on the root.
            return false;
        }
        if (path.size() <= depth || !path.subList(0, depth).equals(c.path.subList(0, depth))) {
            return true;
        }

        Object element = path.get(depth);
        if (!c.isList()) {
            return !(Json0Component.has(c.od) && element.equals(c.last()));
        }
        if (!(element instanceof Integer position)) {
            return true;
        }

        int at = (Integer) c.last();
        if (c.lm != null) {
            path.set(depth, movedIndex(position, at, c.lm));
        } else if (Json0Component.has(c.li) && Json0Component.has(c.ld)) {
            return at != position;
        } else if (Json0Component.has(c.li)) {
            if (at <= position) {
                path.set(depth, position + 1);
            }
        } else {
            if (at == position) {
                return false;
            }
            if (at < position) {
                path.set(depth, position - 1);
            }
        }
        return true;
    }

    private static int movedIndex(int position, int from, int to) {
        if (position == from) {
            return to;
        }
        int moved = position > from ? position - 1 : position;
        return moved >= to ? moved + 1 : moved;
    }

    /** Moves the text range across an si or sd on the string this presence points to. */
    private void moveRange(Json0Component c, boolean ownOp) {
        if (index == null || !c.path.subList(0, c.path.size() - 1).equals(path)) {
            return;
        }
        Json0Text.Edit edit = Json0Text.Edit.of(c);
        int start = Json0Text.transformOffset(index, edit, ownOp);
        int end = Json0Text.transformOffset((int) Math.min((long) index + length, Integer.MAX_VALUE), edit, ownOp);
        index = start;
        length = end - start;
    }
}
