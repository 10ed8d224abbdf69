package dev.tandem.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One json0 op component parsed from its JSON form. Transform and compose edit copies of components
 * in place, so instances are mutable and never shared between ops.
 *
 * <p>A component has a path {@code p} (object keys as {@link String}, list indexes and string offsets
 * as {@link Integer}) and exactly one operation: {@code na}; {@code li}, {@code ld} or both;
 * {@code lm}; {@code oi}, {@code od} or both; {@code si}; {@code sd}; or {@code t} with {@code o}.
 */
final class Json0Component {

    /** Marks an absent JSON-valued field, because {@code null} is a value that can be inserted. */
    static final Object ABSENT = new Object();

    private static final Set<String> KEYS = Set.of("p", "na", "li", "ld", "lm", "oi", "od", "si", "sd", "t", "o");

    List<Object> path;
    Number na;
    Object li = ABSENT;
    Object ld = ABSENT;
    Integer lm;
    Object oi = ABSENT;
    Object od = ABSENT;
    String si;
    String sd;
    /** Name of the embedded subtype, or null when this is not a subtype component. */
    String subtype;
    /** Op of the embedded subtype, in that type's JSON form. */
    Object subOp;

    static boolean has(Object field) {
        return field != ABSENT;
    }

    boolean isString() {
        return si != null || sd != null;
    }

    boolean isList() {
        return has(li) || has(ld) || lm != null;
    }

    /** Returns the length of the path as the reference counts it: na and subtype ops act one level deeper. */
    int operandDepth() {
        return na != null || subtype != null ? path.size() + 1 : path.size();
    }

    Object last() {
        return path.get(path.size() - 1);
    }

    Json0Component copy() {
        Json0Component c = new Json0Component();
        c.path = new ArrayList<>(path);
        c.na = na;
        c.li = copyValue(li);
        c.ld = copyValue(ld);
        c.lm = lm;
        c.oi = copyValue(oi);
        c.od = copyValue(od);
        c.si = si;
        c.sd = sd;
        c.subtype = subtype;
        c.subOp = subOp == null ? null : JsonValues.copy(subOp, "subtype op");
        return c;
    }

    private static Object copyValue(Object value) {
        return value == ABSENT ? ABSENT : JsonValues.copy(value, "value");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p", new ArrayList<>(path));
        if (na != null) {
            json.put("na", na);
        }
        putValue(json, "li", li);
        putValue(json, "ld", ld);
        if (lm != null) {
            json.put("lm", lm);
        }
        putValue(json, "oi", oi);
        putValue(json, "od", od);
        if (si != null) {
            json.put("si", si);
        }
        if (sd != null) {
            json.put("sd", sd);
        }
        if (subtype != null) {
            json.put("t", subtype);
            json.put("o", JsonValues.copy(subOp, "subtype op"));
        }
        return json;
    }

    private static void putValue(Map<String, Object> json, String key, Object value) {
        if (value != ABSENT) {
            json.put(key, JsonValues.copy(value, key));
        }
    }

    /** Parses and validates one component; {@code index} names it in error messages. */
    static Json0Component parse(Object item, int index) {
        if (!(item instanceof Map<?, ?> map)) {
            throw OtException.badlyFormed("component " + index + ": must be an object, got "
                    + JsonValues.describe(item));
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw OtException.badlyFormed("component " + index + ": unknown key " + JsonValues.describe(key)
                        + "; expected p with one of na, li, ld, lm, oi, od, si, sd, or t with o");
            }
        }
        Json0Component c = new Json0Component();
        c.path = parsePath(map, index);
        int operations = c.parseOperations(map, index);
        if (operations != 1) {
            throw OtException.badlyFormed("component " + index + ": must have exactly one operation"
                    + " (na, li/ld, lm, oi/od, si, sd or t/o), got keys " + map.keySet());
        }
        c.checkPathShape(index);
        return c;
    }

    /** Reads the operation fields of {@code map} into this component and returns how many operations it has. */
    private int parseOperations(Map<?, ?> map, int index) {
        int operations = 0;
        if (map.containsKey("na")) {
            operations++;
            if (!(map.get("na") instanceof Number number)) {
                throw OtException.badlyFormed("component " + index + ": na must be a number, got "
                        + JsonValues.describe(map.get("na")));
            }
            copyField(number, index, "na");
            na = number;
        }

        if (map.containsKey("li") || map.containsKey("ld")) {
            operations++;
            li = valueOf(map, "li", index);
            ld = valueOf(map, "ld", index);
        }

        if (map.containsKey("lm")) {
            operations++;
            int to = JsonValues.toIndex(map.get("lm"));
            if (to < 0) {
                throw OtException.badlyFormed("component " + index + ": lm must be a non-negative integer index, got "
                        + JsonValues.describe(map.get("lm")));
            }
            lm = to;
        }

        if (map.containsKey("oi") || map.containsKey("od")) {
            operations++;
            oi = valueOf(map, "oi", index);
            od = valueOf(map, "od", index);
        }

        if (map.containsKey("si")) {
            operations++;
            si = textOf(map, "si", index);
        }

        if (map.containsKey("sd")) {
            operations++;
            sd = textOf(map, "sd", index);
        }

        if (map.containsKey("t") || map.containsKey("o")) {
            operations++;
            if (!(map.get("t") instanceof String name) || name.isEmpty() || !map.containsKey("o")) {
                throw OtException.badlyFormed("component " + index
                        + ": a subtype component needs a non-empty string t and an op o");
            }
            subtype = name;
            subOp = copyField(map.get("o"), index, "o");
        }
        return operations;
    }

    private static List<Object> parsePath(Map<?, ?> map, int index) {
        if (!(map.get("p") instanceof List<?> list)) {
            throw OtException.badlyFormed("component " + index + ": path p must be a list, got "
                    + (map.containsKey("p") ? JsonValues.describe(map.get("p")) : "nothing"));
        }
        List<Object> path = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element instanceof String key) {
                JsonValues.checkUtf16(key, "component " + index + ": path element");
                path.add(key);
                continue;
            }
            int position = JsonValues.toIndex(element);
            if (position < 0) {
                throw OtException.badlyFormed("component " + index + ": path element " + JsonValues.describe(element)
                        + " must be an object key or a non-negative integer index");
            }
            path.add(position);
        }
        return path;
    }

    private static Object valueOf(Map<?, ?> map, String key, int index) {
        if (!map.containsKey(key)) {
            return ABSENT;
        }
        return copyField(map.get(key), index, key);
    }

    private static String textOf(Map<?, ?> map, String key, int index) {
        if (!(map.get(key) instanceof String text)) {
            throw OtException.badlyFormed("component " + index + ": " + key + " must be a string, got "
                    + JsonValues.describe(map.get(key)));
        }
        copyField(text, index, key);
        return text;
    }

    /**
     * Returns a checked deep copy of the value of {@code field}. The component is named only in the
     * message of a rejected value, so that parsing a valid op builds no message strings.
     */
    private static Object copyField(Object value, int index, String field) {
        try {
            return JsonValues.copy(value, field);
        } catch (OtException e) {
            throw new OtException(e.kind(), "component " + index + ": " + e.getMessage());
        }
    }

    /** Checks that the last path element has the type the operation needs, without a document. */
    private void checkPathShape(int index) {
        String operation = isList() ? "a list operation" : isString() ? "a string operation" : null;
        if (operation != null && (path.isEmpty() || !(last() instanceof Integer))) {
            throw OtException.badlyFormed("component " + index + ": " + operation
                    + " needs a path ending in an integer index, got " + path);
        }
        if (has(oi) || has(od)) {
            if (path.isEmpty()) {
                if (!has(oi) || !has(od)) {
                    throw OtException.badlyFormed("component " + index + ": at the root path [] only a replace"
                            + " with both oi and od is allowed, because the document cannot be absent");
                }
            } else if (!(last() instanceof String)) {
                throw OtException.badlyFormed("component " + index
                        + ": an object operation needs a path ending in a string key, got " + path);
            }
        }
    }
}
