package dev.tandem.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates rich-text Deltas from their JSON form, {@code {"ops": [...]}} or a bare list
 * of components, without merging or dropping any component.
 *
 * <p>Parsing a frozen list that this package produced returns its cached parse, so a snapshot kept
 * in memory between applies is not parsed again.
 */
final class DeltaParser {

    /** A parsed Delta with the facts that apply and create check. */
    record Parsed(List<DeltaOp> ops, boolean insertsOnly, boolean nullAttributeOnInsert, long insertLength) {
    }

    private DeltaParser() {
    }

    /** Parses {@code value}, naming it {@code what} ("op", "snapshot") in error messages. */
    static Parsed parse(Object value, String what) {
        List<?> list = componentList(value, what);
        if (list instanceof FrozenJson.FrozenList frozen && frozen.parsed instanceof Parsed cached) {
            return cached;
        }
        List<DeltaOp> ops = new ArrayList<>(list.size());
        boolean insertsOnly = true;
        boolean nullAttributeOnInsert = false;
        long insertLength = 0;
        int index = 0;
        for (Object item : list) {
            DeltaOp op = parseComponent(item, index, what);
            if (op.isInsert()) {
                insertLength += op.length();
                nullAttributeOnInsert |= op.hasNullAttribute;
            } else {
                insertsOnly = false;
            }
            ops.add(op);
            index++;
        }
        Parsed parsed = new Parsed(Collections.unmodifiableList(ops), insertsOnly, nullAttributeOnInsert,
                insertLength);
        if (list instanceof FrozenJson.FrozenList frozen) {
            frozen.parsed = parsed;
        }
        return parsed;
    }

    /** Returns the JSON form {@code {"ops": [...]}} of {@code ops}, with its parse cached on it. */
    static FrozenJson.FrozenMap toJson(List<DeltaOp> ops) {
        Object[] items = new Object[ops.size()];
        boolean insertsOnly = true;
        boolean nullAttributeOnInsert = false;
        long insertLength = 0;
        for (int i = 0; i < items.length; i++) {
            DeltaOp op = ops.get(i);
            items[i] = op.toJson();
            if (op.isInsert()) {
                insertLength += op.length();
                nullAttributeOnInsert |= op.hasNullAttribute;
            } else {
                insertsOnly = false;
            }
        }
        FrozenJson.FrozenList list = FrozenJson.ownList(items);
        list.parsed = new Parsed(Collections.unmodifiableList(ops), insertsOnly, nullAttributeOnInsert, insertLength);
        LinkedHashMap<String, Object> entries = new LinkedHashMap<>(2);
        entries.put("ops", list);
        return FrozenJson.ownMap(entries);
    }

    private static List<?> componentList(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() != 1 || !map.containsKey("ops")) {
                throw OtException.badlyFormed(what + " must be a Delta object with the single key \"ops\", got keys "
                        + map.keySet());
            }
            if (map.get("ops") instanceof List<?> list) {
                return list;
            }
            throw OtException.badlyFormed(what + " \"ops\" must be a list of components, got "
                    + describe(map.get("ops")));
        }
        throw OtException.badlyFormed(what + " must be a Delta {\"ops\": [...]} or a list of components, got "
                + describe(value));
    }

    private static DeltaOp parseComponent(Object item, int index, String what) {
        if (item instanceof FrozenJson.FrozenMap frozen && frozen.parsed instanceof DeltaOp cached) {
            return cached;
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw OtException.badlyFormed(prefix(index, what)
                    + "expected an object with insert, retain or delete, got "
                    + describe(item));
        }
        int actions = 0;
        for (Object key : map.keySet()) {
            if ("insert".equals(key) || "retain".equals(key) || "delete".equals(key)) {
                actions++;
            } else if (!"attributes".equals(key)) {
                throw OtException.badlyFormed(prefix(index, what) + "unknown key \"" + key
                        + "\". A component has one of insert, retain or delete, and optional attributes");
            }
        }
        if (actions != 1) {
            throw OtException.badlyFormed(prefix(index, what)
                    + "expected exactly one of insert, retain or delete, got keys "
                    + map.keySet());
        }
        FrozenJson.FrozenMap attributes = null;
        if (map.containsKey("attributes")) {
            if (!(map.get("attributes") instanceof Map<?, ?> attributeMap)) {
                throw OtException.badlyFormed(prefix(index, what) + "attributes must be an object, got "
                        + describe(map.get("attributes")));
            }
            JsonValues.checkStrings(attributeMap, prefix(index, what) + "attributes");
            attributes = FrozenJson.freezeMap(attributeMap);
        }

        DeltaOp op;
        if (map.containsKey("insert")) {
            op = parseInsert(map.get("insert"), attributes, index, what);
        } else if (map.containsKey("retain")) {
            op = DeltaOp.retain(parseRetain(map.get("retain"), index, what), attributes);
        } else {
            if (attributes != null) {
                throw OtException.badlyFormed(prefix(index, what) + "a delete must not have attributes");
            }
            op = DeltaOp.delete(parseCount(map.get("delete"), index, what, "delete"));
        }
        if (item instanceof FrozenJson.FrozenMap frozen) {
            op.rememberJson(frozen);
            frozen.parsed = op;
        }
        return op;
    }

    private static DeltaOp parseInsert(Object insert, FrozenJson.FrozenMap attributes, int index, String what) {
        if (insert instanceof String text) {
            if (text.isEmpty()) {
                throw OtException.badlyFormed(prefix(index, what) + "insert must not be empty");
            }
            int lone = CodePoints.findLoneSurrogate(text);
            if (lone >= 0) {
                throw OtException.badlyFormed(prefix(index, what) + "invalid UTF-16: lone surrogate at index " + lone
                        + " of the inserted text");
            }
            return DeltaOp.insertText(text, attributes);
        }
        if (insert instanceof Map<?, ?> embed) {
            if (embed.size() != 1) {
                throw OtException.badlyFormed(prefix(index, what)
                        + "an embed insert must be an object with exactly one key (the embed type), got keys "
                        + embed.keySet());
            }
            JsonValues.checkStrings(embed, prefix(index, what) + "embed");
            return DeltaOp.insertEmbed(FrozenJson.freezeMap(embed), attributes);
        }
        throw OtException.badlyFormed(prefix(index, what) + "insert must be a string or an embed object, got "
                + describe(insert));
    }

    private static long parseRetain(Object retain, int index, String what) {
        if (retain instanceof Map) {
            throw OtException.badlyFormed(prefix(index, what) + "a retain of an embed object (quill-delta 5 embed"
                    + " changes) is not supported, because rich-text 4.1.0 registers no embed handlers");
        }
        return parseCount(retain, index, what, "retain");
    }

    private static long parseCount(Object value, int index, String what, String kind) {
        if (!(value instanceof Number number)) {
            throw OtException.badlyFormed(prefix(index, what) + kind + " must be a count, got " + describe(value));
        }
        long count;
        try {
            count = TextOp.toCount(number, index, kind);
        } catch (OtException e) {
            throw OtException.badlyFormed(e.getMessage().replaceFirst("^component \\d+: ", prefix(index, what)));
        }
        if (count == 0) {
            throw OtException.badlyFormed(prefix(index, what) + kind + " count must be greater than 0");
        }
        return count;
    }

    private static String prefix(int index, String what) {
        return "component " + index + " of the " + what + ": ";
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        return value.getClass().getSimpleName() + " " + (text.length() <= 40 ? text : text.substring(0, 40) + "...");
    }
}
