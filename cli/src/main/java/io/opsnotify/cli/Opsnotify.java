package io.opsnotify.cli; public final class Opsnotify { public static void main(String[] a) {} }
