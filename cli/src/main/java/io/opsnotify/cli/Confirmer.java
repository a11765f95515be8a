package io.opsnotify.cli;

/** Asks the user to confirm a plan before a mutating command applies it. */
public interface Confirmer {
    /** False when there is nobody to ask (no terminal): then a command must not apply without --yes. */
    boolean interactive();

    /** Asks a yes/no question; only an explicit yes is a yes. */
    boolean confirm(String question);
}
