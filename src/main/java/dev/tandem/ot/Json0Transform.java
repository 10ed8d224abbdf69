package dev.tandem.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Transform and compose of parsed json0 ops, with the component rules of ot-json0 1.1.0, including
 * its tie-breaks and its known non-convergent cases (some pairs of {@code lm} components).
 */
final class Json0Transform {

    private final Json0Subtypes subtypes;
    private final Json0Apply applier;

    Json0Transform(Json0Subtypes subtypes, Json0Apply applier) {
        this.subtypes = subtypes;
        this.applier = applier;
    }

    /** Transforms {@code op} so that it applies after {@code other}, both made on one document. */
    List<Json0Component> transform(List<Json0Component> op, List<Json0Component> other, Side side) {
        if (other.isEmpty()) {
            return op;
        }
        if (op.size() == 1 && other.size() == 1) {
            List<Json0Component> result = new ArrayList<>();
            transformComponent(result, op.get(0), other.get(0), side);
            return result;
        }
        return side == Side.LEFT ? transformBoth(op, other).get(0) : transformBoth(other, op).get(1);
    }

    /**
     * Transforms {@code left} and {@code right} against each other, {@code left} winning ties, and
     * returns both results. Recursion happens only when a component splits in two, and each level
     * works on a strictly shorter suffix of {@code left}, so the depth is bounded by its length.
     */
    private List<List<Json0Component>> transformBoth(List<Json0Component> left, List<Json0Component> right) {
        List<Json0Component> newRight = new ArrayList<>();
        for (Json0Component rightComponent : right) {
            List<Json0Component> newLeft = new ArrayList<>();
            Json0Component current = rightComponent;
            int k = 0;
            while (k < left.size()) {
                List<Json0Component> next = new ArrayList<>();
                transformComponent(newLeft, left.get(k), current, Side.LEFT);
                transformComponent(next, current, left.get(k), Side.RIGHT);
                k++;
                if (next.size() == 1) {
                    current = next.get(0);
                    continue;
                }
                if (next.isEmpty()) {
                    for (int j = k; j < left.size(); j++) {
                        append(newLeft, left.get(j));
                    }
                } else {
                    List<List<Json0Component>> pair = transformBoth(left.subList(k, left.size()), next);
                    for (Json0Component c : pair.get(0)) {
                        append(newLeft, c);
                    }
                    for (Json0Component c : pair.get(1)) {
                        append(newRight, c);
                    }
                }
                current = null;
                break;
            }
            if (current != null) {
                append(newRight, current);
            }
            left = newLeft;
        }
        return List.of(left, newRight);
    }

    /** Returns {@code first} followed by each component of {@code second}, merged where possible. */
    List<Json0Component> compose(List<Json0Component> first, List<Json0Component> second) {
        List<Json0Component> result = new ArrayList<>(first.size() + second.size());
        for (Json0Component c : first) {
            result.add(c.copy());
        }
        for (Json0Component c : second) {
            append(result, c);
        }
        return result;
    }

    /**
     * Appends a copy of {@code input} to {@code dest}, merging it with the last component where the
     * reference does: string edits of one string, na on one number, subtype ops on one value, an
     * insert followed by its delete, and a delete followed by an insert at one key. A move to its own
     * index is dropped unless it would be the first component.
     */
    void append(List<Json0Component> dest, Json0Component input) {
        Json0Component c = input.copy();
        if (dest.isEmpty()) {
            dest.add(c);
            return;
        }
        int lastIndex = dest.size() - 1;
        Json0Component last = dest.get(lastIndex);
        if (c.isString() && last.isString()) {
            appendText(dest, last, c);
            return;
        }
        if (!c.path.equals(last.path)) {
            dest.add(c);
            return;
        }
        if (c.subtype != null && c.subtype.equals(last.subtype)) {
            last.subOp = subtypes.resolve(c.subtype, lastIndex).compose(last.subOp, c.subOp);
        } else if (last.na != null && c.na != null) {
            last.na = JsonValues.add(last.na, c.na);
        } else if (Json0Component.has(last.li) && !Json0Component.has(c.li) && Json0Component.has(c.ld)
                && JsonValues.strictEquals(c.ld, last.li)) {
            // An insert followed by the delete of the same primitive cancels out.
            if (Json0Component.has(last.ld)) {
                last.li = Json0Component.ABSENT;
            } else {
                dest.remove(lastIndex);
            }
        } else if (Json0Component.has(last.od) && !Json0Component.has(last.oi)
                && Json0Component.has(c.oi) && !Json0Component.has(c.od)) {
            last.oi = c.oi;
        } else if (Json0Component.has(last.oi) && Json0Component.has(c.od)) {
            if (Json0Component.has(c.oi)) {
                last.oi = c.oi;
            } else if (Json0Component.has(last.od)) {
                last.oi = Json0Component.ABSENT;
            } else {
                dest.remove(lastIndex);
            }
        } else if (c.lm == null || !c.lm.equals(c.last())) {
            dest.add(c);
        }
    }

    /** Composes two string edits of one string into one or two components; edits of different strings stay apart. */
    private static void appendText(List<Json0Component> dest, Json0Component last, Json0Component c) {
        List<Object> parent = c.path.subList(0, c.path.size() - 1);
        if (!parent.equals(last.path.subList(0, last.path.size() - 1))) {
            dest.add(c);
            return;
        }
        List<Json0Text.Edit> edits = Json0Text.compose(Json0Text.Edit.of(last), Json0Text.Edit.of(c));
        dest.set(dest.size() - 1, edits.get(0).toComponent(last));
        if (edits.size() == 2) {
            dest.add(edits.get(1).toComponent(c));
        }
    }

    /**
     * Returns the length of the path prefix where {@code other} acts, when {@code c} lies in that
     * container; -1 when {@code other} acts on the whole document; null when they are unrelated.
     */
    private static Integer commonLength(Json0Component other, Json0Component c) {
        int otherDepth = other.operandDepth();
        int depth = c.operandDepth();
        if (otherDepth == 0) {
            return -1;
        }
        if (depth == 0) {
            return null;
        }
        int length = otherDepth - 1;
        for (int i = 0; i < length; i++) {
            if (i >= depth - 1 || !Objects.equals(other.path.get(i), c.path.get(i))) {
                return null;
            }
        }
        return length;
    }

    /** Returns the path element at {@code i}, or null (JavaScript's undefined) when there is none. */
    private static Object at(List<Object> path, int i) {
        return i >= 0 && i < path.size() ? path.get(i) : null;
    }

    /** Transforms one component against another and appends the result, if any, to {@code dest}. */
    void transformComponent(List<Json0Component> dest, Json0Component input, Json0Component other, Side side) {
        Json0Component c = input.copy();
        Integer common = commonLength(other, c);
        Integer commonOfC = commonLength(c, other);
        int depth = c.operandDepth();
        int otherDepth = other.operandDepth();

        // A delete carries what it deletes, so that it can be inverted. When other edits inside the
        // deleted value, the carried value gets the same edit.
        if (commonOfC != null && otherDepth > depth
                && Objects.equals(at(c.path, commonOfC), at(other.path, commonOfC))) {
            if (Json0Component.has(c.ld)) {
                c.ld = applyBelow(c.ld, other, depth);
            } else if (Json0Component.has(c.od)) {
                c.od = applyBelow(c.od, other, depth);
            }
        }

        if (common != null) {
            boolean sameOperand = depth == otherDepth;
            if (c.isString() && other.isString()) {
                List<Json0Text.Edit> edits = Json0Text.transform(Json0Text.Edit.of(c), Json0Text.Edit.of(other), side);
                for (Json0Text.Edit edit : edits) {
                    append(dest, edit.toComponent(c));
                }
                return;
            }
            // NOTE: as in ot-json0 1.1.0, si/sd and an embedded op on the same string pass each other
            // untransformed, so clients that mix the two on one string can diverge.
            if (other.subtype != null) {
                if (other.subtype.equals(c.subtype)) {
                    Object transformed = subtypes.resolve(c.subtype, 0).transform(c.subOp, other.subOp, side);
                    if (!(transformed instanceof List<?> list) || !list.isEmpty()) {
                        c.subOp = transformed;
                        append(dest, c);
                    }
                    return;
                }
            } else if (other.isList()) {
                if (!(at(c.path, common) instanceof Integer)) {
                    // c acts on the list itself, not on an item, so no index of c moves.
                    append(dest, c);
                    return;
                }
                if (!transformAgainstList(c, other, common, sameOperand, depth > otherDepth, side)) {
                    return;
                }
            } else if (Json0Component.has(other.oi) || Json0Component.has(other.od)) {
                if (!transformAgainstObject(dest, c, other, common, sameOperand, side)) {
                    return;
                }
            }
        }
        append(dest, c);
    }

    /** Applies {@code other}, cut to the part of its path below {@code depth}, to a deleted value. */
    private Object applyBelow(Object value, Json0Component other, int depth) {
        Json0Component below = other.copy();
        below.path = new ArrayList<>(below.path.subList(depth, below.path.size()));
        return applier.apply(value, List.of(below));
    }

    /**
     * Transforms {@code c} in place against a list component; returns false when {@code c} is dropped.
     * {@code common} indexes the list position in both paths.
     */
    private static boolean transformAgainstList(Json0Component c, Json0Component other, int common,
            boolean sameOperand, boolean deeper, Side side) {
        List<Object> path = c.path;
        int position = (Integer) path.get(common);
        int otherPosition = (Integer) other.path.get(common);
        boolean otherInserts = Json0Component.has(other.li);
        boolean otherDeletes = Json0Component.has(other.ld);
        boolean inserts = Json0Component.has(c.li);
        boolean deletes = Json0Component.has(c.ld);

        if (otherInserts && otherDeletes) {
            if (otherPosition == position) {
                if (!sameOperand) {
                    return false;
                }
                if (deletes) {
                    if (inserts && side == Side.LEFT) {
                        // Both replace one item and only one can win: c now replaces other's item.
                        c.ld = JsonValues.copy(other.li, "li");
                    } else {
                        return false;
                    }
                }
            }
            return true;
        }
        if (otherInserts) {
            if (inserts && !deletes && sameOperand && position == otherPosition) {
                if (side == Side.RIGHT) {
                    path.set(common, position + 1);
                }
            } else if (otherPosition <= position) {
                path.set(common, position + 1);
            }
            if (c.lm != null && sameOperand && otherPosition <= c.lm) {
                c.lm = c.lm + 1;
            }
            return true;
        }
        if (otherDeletes) {
            if (c.lm != null && sameOperand) {
                if (otherPosition == position) {
                    return false;
                }
                int to = c.lm;
                if (otherPosition < to || (otherPosition == to && position < to)) {
                    c.lm = to - 1;
                }
            }
            if (otherPosition < position) {
                path.set(common, position - 1);
            } else if (otherPosition == position) {
                if (deeper) {
                    return false;
                }
                if (deletes) {
                    if (!inserts) {
                        return false;
                    }
                    // other deleted the item c replaces, so c inserts instead.
                    c.ld = Json0Component.ABSENT;
                }
            }
            return true;
        }
        return transformAgainstMove(c, other, common, sameOperand, side);
    }

    /** Transforms {@code c} in place against an {@code lm} component; returns false when {@code c} is dropped. */
    private static boolean transformAgainstMove(Json0Component c, Json0Component other, int common,
            boolean sameOperand, Side side) {
        List<Object> path = c.path;
        int position = (Integer) path.get(common);
        int otherFrom = (Integer) other.path.get(common);
        int otherTo = other.lm;
        if (c.lm != null && sameOperand) {
            if (otherFrom == otherTo) {
                return true;
            }
            int from = position;
            int to = c.lm;
            if (from == otherFrom) {
                // Both move the same item: the left one wins and starts from where other put it.
                if (side == Side.LEFT) {
                    path.set(common, otherTo);
                    if (from == to) {
                        c.lm = otherTo;
                    }
                    return true;
                }
                return false;
            }
            int newFrom = from;
            if (from > otherFrom) {
                newFrom--;
            }
            if (from > otherTo) {
                newFrom++;
            } else if (from == otherTo && otherFrom > otherTo) {
                newFrom++;
                if (from == to) {
                    c.lm = c.lm + 1;
                }
            }
            path.set(common, newFrom);
            int newTo = c.lm;
            if (to > otherFrom) {
                newTo--;
            } else if (to == otherFrom && to > from) {
                newTo--;
            }
            if (to > otherTo) {
                newTo++;
            } else if (to == otherTo) {
                boolean sameDirection = (otherTo > otherFrom && to > from) || (otherTo < otherFrom && to < from);
                if (sameDirection) {
                    if (side == Side.RIGHT) {
                        newTo++;
                    }
                } else if (to > from) {
                    newTo++;
                } else if (to == otherFrom) {
                    newTo--;
                }
            }
            c.lm = newTo;
            return true;
        }
        if (Json0Component.has(c.li) && !Json0Component.has(c.ld) && sameOperand) {
            int moved = position;
            if (position > otherFrom) {
                moved--;
            }
            if (position > otherTo) {
                moved++;
            }
            path.set(common, moved);
            return true;
        }
        // Anything else follows its item: the moved item itself goes to otherTo.
        if (position == otherFrom) {
            path.set(common, otherTo);
            return true;
        }
        int moved = position;
        if (position > otherFrom) {
            moved--;
        }
        if (position > otherTo) {
            moved++;
        } else if (position == otherTo && otherFrom > otherTo) {
            moved++;
        }
        path.set(common, moved);
        return true;
    }

    /** Transforms {@code c} in place against an object component; returns false when {@code c} is dropped. */
    private boolean transformAgainstObject(List<Json0Component> dest, Json0Component c, Json0Component other,
            int common, boolean sameOperand, Side side) {
        boolean sameKey = Objects.equals(at(c.path, common), at(other.path, common));
        boolean otherInserts = Json0Component.has(other.oi);
        boolean otherDeletes = Json0Component.has(other.od);
        if (otherInserts && otherDeletes) {
            if (!sameKey) {
                return true;
            }
            if (Json0Component.has(c.oi) && sameOperand) {
                if (side == Side.RIGHT) {
                    return false;
                }
                // c wins, so it replaces the value other inserted.
                c.od = JsonValues.copy(other.oi, "oi");
                return true;
            }
            // other replaced the value c edits or one of its parents.
            return false;
        }
        if (otherInserts) {
            if (Json0Component.has(c.oi) && sameKey) {
                if (side == Side.RIGHT) {
                    return false;
                }
                // Both insert at one key and c wins: c first deletes what other inserted.
                Json0Component delete = new Json0Component();
                delete.path = new ArrayList<>(c.path);
                delete.od = JsonValues.copy(other.oi, "oi");
                append(dest, delete);
            }
            return true;
        }
        if (sameKey) {
            if (!sameOperand) {
                return false;
            }
            if (!Json0Component.has(c.oi)) {
                return false;
            }
            c.od = Json0Component.ABSENT;
        }
        return true;
    }
}
