/**
 * One offline run of each committed stack, shared by the test files that compare a changed
 * config against it (a run takes seconds; mocha loads every file in one process).
 */
import { runStack, type StackRun } from "../engine/engine.js";

const runs = new Map<string, Promise<StackRun>>();

export function committedRun(stack: string): Promise<StackRun> {
    if (!runs.has(stack)) runs.set(stack, runStack({ stack }));
    return runs.get(stack)!;
}

/** The committed dev and prod runs, in that order. */
export function committedRuns(): Promise<[StackRun, StackRun]> {
    return Promise.all([committedRun("dev"), committedRun("prod")]);
}
