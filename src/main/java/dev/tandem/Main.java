package dev.tandem;
public final class Main { public static void main(String[] a){} }
