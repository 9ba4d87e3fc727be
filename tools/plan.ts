/**
 * `npm run plan -- --stack <name>`: runs the real program offline under the mock engine
 * and prints what a first `pulumi up` of that stack would create.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "../stacks/config.js";
import { runStack, type RecordedResource } from "../tests/engine/engine.js";
import { StackFileError } from "../tests/engine/stack-files.js";

async function main(): Promise<number> {
    let stack: string;
    try {
        const { values } = parseArgs({ options: { stack: { type: "string", short: "s" } }, strict: true });
        if (!values.stack) throw new Error("missing --stack");
        stack = values.stack;
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\nusage: npm run plan -- --stack <dev|prod>\n`);
        return 2;
    }
    try {
        const run = await runStack({ stack });
        const children = new Map<string | undefined, RecordedResource[]>();
        for (const r of run.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        const count = (r: RecordedResource): number => 1 + (children.get(r.urn) ?? []).reduce((n, c) => n + count(c), 0);
        const lines: string[] = [`Plan of stack ${run.stack} (${run.resources.length} resources, offline)`];
        const walk = (r: RecordedResource, depth: number) => {
            const kids = children.get(r.urn) ?? [];
            lines.push(`${"  ".repeat(depth)}${r.type} ${r.name}${kids.length ? ` (${count(r) - 1} below)` : ""}`);
            kids.forEach((k) => walk(k, depth + 1));
        };
        (children.get(undefined) ?? []).forEach((r) => walk(r, 0));
        lines.push("", "Outputs:");
        for (const [key, value] of Object.entries(run.outputs)) lines.push(`  ${key}: ${JSON.stringify(value)}`);
        process.stdout.write(`${lines.join("\n")}\n`);
        return 0;
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            process.stderr.write(`${err.message}\n`);
            return 1;
        }
        throw err;
    }
}

process.exitCode = await main();
