package dev.tandem.ot;

/** Placeholder until the text-unicode implementation lands; every method rejects. */
public final class TextUnicodeType implements OtType {
    public String name() { return "text-unicode"; }
    public String uri() { return "http://sharejs.org/types/text-unicode"; }
    public Object create(Object initialData) { throw new UnsupportedOperationException(); }
    public void checkOp(Object op) { throw new UnsupportedOperationException(); }
    public Object apply(Object snapshot, Object op) { throw new UnsupportedOperationException(); }
    public Object transform(Object op, Object otherOp, Side side) { throw new UnsupportedOperationException(); }
    public Object compose(Object first, Object second) { throw new UnsupportedOperationException(); }
    public Object normalize(Object op) { throw new UnsupportedOperationException(); }
    public boolean isNoop(Object op) { throw new UnsupportedOperationException(); }
}
