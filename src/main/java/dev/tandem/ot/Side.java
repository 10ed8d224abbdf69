package dev.tandem.ot;

/** Which op wins a tie in {@link OtType#transform}: the one being transformed goes left or right. */
public enum Side {
    LEFT,
    RIGHT
}
