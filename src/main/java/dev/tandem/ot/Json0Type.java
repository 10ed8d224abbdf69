package dev.tandem.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The json0 type: edits of a JSON document, matching the npm package {@code ot-json0} 1.1.0.
 *
 * <p>A snapshot is any JSON value. An op is a list of components, each an object with a path
 * {@code p} (object keys and list indexes, from the root) and one operation:
 * <ul>
 *   <li>{@code {"p": [..., n], "na": x}} adds the number x to the number at the path;
 *   <li>{@code {"p": [..., i], "li": v}} inserts v into a list before index i,
 *       {@code "ld": v} deletes v at index i, and both together replace it;
 *   <li>{@code {"p": [..., i], "lm": j}} moves the list item at index i to index j;
 *   <li>{@code {"p": [..., k], "oi": v}} inserts v at the new object key k,
 *       {@code "od": v} deletes v at key k, and both together replace it;
 *   <li>{@code {"p": [..., s, offset], "si": text}} inserts text into the string s and
 *       {@code "sd": text} deletes that text there, with offsets in UTF-16 code units as in JavaScript;
 *   <li>{@code {"p": [...], "t": name, "o": op}} applies an op of the embedded type {@code name} to the
 *       value at the path.
 * </ul>
 *
 * <p>Embedded types are looked up by name through the function given to the constructor, at each
 * call, so a type registered later is found. The legacy {@code text0} embedded type, which ot-json0
 * registers by default, is rejected: its edits are the si and sd components.
 *
 * <p>Unlike {@code ot-json0}, which edits the snapshot it is given, {@link #apply} copies on write:
 * it copies each list and object on a component's path, changes the copies and shares everything
 * else with its input. So a rejected op changes nothing, and every holder of an earlier snapshot
 * (the sequencer, a fetch reply waiting to be encoded, a cache write) keeps seeing the value it had.
 * Lists the op changes come back as an unmodifiable {@link java.util.List} that stores its items in
 * chunks and shares the unchanged chunks with the input, so an op on one item of a list of 10,000
 * copies about 160 chunk references and one chunk of at most 128 items, not 10,000 references.
 * Objects on the path are copied whole.
 *
 * <p>Where the reference is lenient this class rejects instead: a path that does not exist, an
 * {@code od}, {@code ld} or {@code sd} whose value differs from the document, indexes and offsets past
 * the end, {@code oi} onto an existing key without {@code od}, any operation other than a replace with
 * {@code oi} and {@code od} at the root path {@code []}, and any string edit that would leave an
 * unpaired surrogate.
 */
public final class Json0Type implements OtType {

    private final Json0Subtypes subtypes;
    private final Json0Apply applier;
    private final Json0Transform transformer;

    /** Creates the type; {@code subtypes} returns the embedded type of a {@code t} name, if any. */
    public Json0Type(Function<String, Optional<OtType>> subtypes) {
        this.subtypes = new Json0Subtypes(subtypes);
        this.applier = new Json0Apply(this.subtypes);
        this.transformer = new Json0Transform(this.subtypes, applier);
    }

    @Override
    public String name() {
        return "json0";
    }

    @Override
    public String uri() {
        return "http://sharejs.org/types/JSONv0";
    }

    /**
     * Returns a copy of {@code initialData}, or null when none was sent. Lists longer than one chunk
     * are stored chunked, so that the first op on them is as cheap as later ones.
     */
    @Override
    public Object create(Object initialData) {
        return ChunkedList.chunkLongLists(JsonValues.copy(initialData, "initial data"));
    }

    @Override
    public void checkOp(Object op) {
        parse(op);
    }

    @Override
    public Object apply(Object snapshot, Object op) {
        return applier.apply(snapshot, parse(op));
    }

    @Override
    public Object transform(Object op, Object otherOp, Side side) {
        Objects.requireNonNull(side, "side");
        List<Json0Component> parsed = parse(op);
        List<Json0Component> other = parse(otherOp);
        return toJson(transformer.transform(parsed, other, side));
    }

    @Override
    public Object compose(Object first, Object second) {
        return toJson(transformer.compose(parse(first), parse(second)));
    }

    /**
     * Returns the canonical form: adjacent components merged as compose merges them. Like the
     * reference, it also accepts a single component that is not in a list and a component without
     * {@code p}, which acts on the root.
     */
    @Override
    public Object normalize(Object op) {
        List<?> components;
        if (op instanceof Map<?, ?>) {
            components = List.of(op);
        } else if (op instanceof List<?> list) {
            components = list;
        } else {
            throw OtException.badlyFormed("op must be a list of components, got " + JsonValues.describe(op));
        }

        List<Object> withPaths = new ArrayList<>(components.size());
        for (Object item : components) {
            if (item instanceof Map<?, ?> map && map.get("p") == null) {
                Map<Object, Object> copy = new LinkedHashMap<>(map);
                copy.put("p", List.of());
                withPaths.add(copy);
            } else {
                withPaths.add(item);
            }
        }
        List<Json0Component> result = new ArrayList<>();
        for (Json0Component c : parse(withPaths)) {
            transformer.append(result, c);
        }
        return toJson(result);
    }

    /**
     * Returns the exact change, since every component carries what it removes ({@code ld},
     * {@code od}, {@code sd}) as well as what it adds, and the apply checks the removed value
     * against the document. A list item counts 1 more than its value and an object entry 4 more
     * than its key and value. An embedded op counts as its type reports, and null from that type
     * makes the whole op's change unknown.
     */
    @Override
    public SizeChange sizeChange(Object op, ToLongFunction<Object> sizeOf) {
        SizeChange total = SizeChange.NONE;
        List<Json0Component> parsed = parse(op);
        for (int i = 0; i < parsed.size(); i++) {
            Json0Component c = parsed.get(i);
            long change;
            if (c.subtype != null) {
                SizeChange embedded = subtypes.resolve(c.subtype, i).sizeChange(c.subOp, sizeOf);
                if (embedded == null) {
                    return null;
                }
                total = total.plus(embedded);
                continue;
            } else if (c.si != null) {
                change = sizeOf.applyAsLong(c.si);
            } else if (c.sd != null) {
                change = -sizeOf.applyAsLong(c.sd);
            } else if (c.isList() && c.lm == null) {
                change = entryChange(c.li, c.ld, 1, sizeOf);
            } else if (!c.isList() && c.na == null && (Json0Component.has(c.oi) || Json0Component.has(c.od))) {
                change = c.path.isEmpty()
                        ? sizeOf.applyAsLong(Json0Component.has(c.oi) ? c.oi : null)
                                - sizeOf.applyAsLong(Json0Component.has(c.od) ? c.od : null)
                        : entryChange(c.oi, c.od, 4 + sizeOf.applyAsLong(String.valueOf(c.last())), sizeOf);
            } else {
                change = 0;
            }
            total = total.plus(new SizeChange(change, change));
        }
        return total;
    }

    /** Returns the change of a list item or object entry that {@code inserted} and {@code deleted} set. */
    private static long entryChange(Object inserted, Object deleted, long overhead, ToLongFunction<Object> sizeOf) {
        boolean adds = Json0Component.has(inserted);
        boolean removes = Json0Component.has(deleted);
        long change = (adds ? sizeOf.applyAsLong(inserted) : 0) - (removes ? sizeOf.applyAsLong(deleted) : 0);
        if (adds && !removes) {
            change += overhead;
        } else if (removes && !adds) {
            change -= overhead;
        }
        return change;
    }

    /**
     * Returns whether every component changes nothing by itself: a move to its own index, an
     * {@code na} of 0, an empty {@code si} or {@code sd}, or an embedded op its type calls a no-op.
     * The empty op is the usual case.
     */
    @Override
    public boolean isNoop(Object op) {
        List<Json0Component> parsed = parse(op);
        for (int i = 0; i < parsed.size(); i++) {
            Json0Component c = parsed.get(i);
            boolean noop = (c.lm != null && c.lm.equals(c.last()))
                    || (c.na != null && c.na.doubleValue() == 0)
                    || (c.si != null && c.si.isEmpty())
                    || (c.sd != null && c.sd.isEmpty())
                    || (c.subtype != null && subtypes.resolve(c.subtype, i).isNoop(c.subOp));
            if (!noop) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the op that undoes {@code op}, built from the values its deletes carry, so
     * {@code snapshotBefore} is ignored. Embedded ops are inverted by their type, which may throw
     * {@link UnsupportedOperationException} (text-unicode has no invert).
     */
    @Override
    public Object invert(Object op, Object snapshotBefore) {
        List<Json0Component> parsed = parse(op);
        List<Json0Component> inverse = new ArrayList<>(parsed.size());
        for (int i = parsed.size() - 1; i >= 0; i--) {
            inverse.add(invertComponent(parsed.get(i), i));
        }
        return toJson(inverse);
    }

    private Json0Component invertComponent(Json0Component c, int index) {
        Json0Component inverse = c.copy();
        if (c.subtype != null) {
            inverse.subOp = subtypes.resolve(c.subtype, index).invert(c.subOp, null);
        }
        inverse.si = c.sd;
        inverse.sd = c.si;
        inverse.oi = c.od;
        inverse.od = c.oi;
        inverse.li = c.ld;
        inverse.ld = c.li;
        if (c.na != null) {
            inverse.na = JsonValues.negate(c.na);
        }
        if (c.lm != null) {
            inverse.lm = (Integer) c.last();
            inverse.path.set(inverse.path.size() - 1, c.lm);
        }
        return inverse;
    }

    @Override
    public boolean supportsPresence() {
        return true;
    }

    /**
     * Moves a presence across {@code op}. A presence is {@code {"p": [path...]}} pointing at any value,
     * optionally with {@code "index": N, "length": M}, a range in UTF-16 code units of the string at
     * that path. List inserts, deletes and moves shift the indexes in the path. An si or sd on that
     * string shifts the range, and an insert exactly at an end of the range pushes it only when the
     * op is the client's own.
     * Returns null when the op deletes or replaces the value at the path or one of its parents. An
     * embedded op on that string drops the range, because its units may differ. Other keys are kept.
     */
    @Override
    public Object transformPresence(Object presence, Object op, boolean ownOp) {
        return Json0Presence.transform(presence, parse(op), ownOp);
    }

    private List<Json0Component> parse(Object op) {
        if (!(op instanceof List<?> list)) {
            throw OtException.badlyFormed("op must be a list of components, got " + JsonValues.describe(op));
        }
        List<Json0Component> components = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Json0Component c = Json0Component.parse(list.get(i), i);
            if (c.subtype != null) {
                checkEmbeddedOp(c, i);
            }
            components.add(c);
        }
        return components;
    }

    private void checkEmbeddedOp(Json0Component c, int index) {
        OtType type = subtypes.resolve(c.subtype, index);
        try {
            type.checkOp(c.subOp);
        } catch (OtException e) {
            throw new OtException(e.kind(), "component " + index + ": invalid " + c.subtype + " op: "
                    + e.getMessage());
        }
    }

    private static List<Object> toJson(List<Json0Component> components) {
        List<Object> json = new ArrayList<>(components.size());
        for (Json0Component c : components) {
            json.add(c.toJson());
        }
        return json;
    }
}
